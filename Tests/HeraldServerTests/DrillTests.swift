import Foundation
import HeraldApp
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

/// Drills on both engines, through the API: a drill pages the team's real on-call people with the
/// marker in their language, escalates like any incident, never reaches the public side or the
/// response analytics (unless asked), and ends with a scorecard — acknowledgement against the
/// target, steps paged, deliveries per channel, the runbook opened from a page, the postmortem —
/// and a history whose trend compares each drill with the one before.
@Suite struct DrillTests {
    static let start = RFC3339.parse("2026-03-03T10:00:00+08:00")!

    static func team(_ server: TestServer, clock: TestClock) async throws {
        _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "支付网关"))
        _ = try await server.store.createContact(Contact(
            id: "li", name: "李雷", addresses: [.sms: "+8613800000000", .email: "li@example.com"], createdAt: clock.now()))
        _ = try await server.store.createContact(Contact(
            id: "han", name: "Han", language: .en, timeZone: "Europe/London", addresses: [.email: "han@example.com"], createdAt: clock.now()))
        _ = try await server.store.saveTeam(Team(
            id: "payments", name: "支付组",
            escalation: EscalationPolicy(steps: [EscalationStep(target: .contact("li"), waitMinutes: 5), EscalationStep(target: .contact("han"), waitMinutes: 5)])))
    }

    @Test(arguments: TestDatabase.allCases)
    func aDrillPagesTheRealPeopleMarkedStaysOffThePublicSideAndIsScored(_ engine: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await TestServer.run(engine, now: clock.now, configure: { $0.publicURL = "https://herald.example.cn" }) { server in
            try await Self.team(server, clock: clock)
            let bad = try await server.send(
                .post, "/api/v1/drills", token: server.responder, json: #"{"team": "nobody", "kind": "real", "title": "", "runbook_url": "ftp://wiki"}"#)
            #expect(bad.status == .badRequest && Set(bad.problemFields) == ["team", "kind", "title", "runbook_url"], "\(bad.body)")
            #expect(try await server.store.drills().isEmpty, "a refused drill stores nothing")
            #expect(try await server.send(.post, "/api/v1/drills", token: server.viewer, json: #"{"team": "payments"}"#).status == .forbidden)

            let started = try await server.send(
                .post, "/api/v1/drills", token: server.responder, json: #"{"team": "payments", "runbook_url": "https://wiki.example.cn/runbooks/pay"}"#)
            #expect(started.status == .created, "\(started.body)")
            let incident = try #require(started.object["incident"] as? [String: Any])
            let id = try #require(incident["id"] as? String)
            #expect(incident["kind"] as? String == "drill" && incident["team"] as? String == "payments" && incident["severity"] as? String == "high")
            #expect(incident["title"] as? String == "演练 Drill: 支付组")

            let pages = try await server.store.claimDeliveries(limit: 100, lease: 30 * 86400)
            #expect(Set(pages.map(\.channel.rawValue)) == ["sms", "email"] && pages.allSatisfy { $0.contactID == "li" }, "step 1: 李雷, on his real channels")
            #expect(pages.allSatisfy { ($0.subject ?? "").hasPrefix("【演练】") && $0.body.hasPrefix("【演练】") }, "\(pages.map(\.subject))")
            let mail = try #require(pages.first { $0.channel == .email })
            let runbook = try #require(mail.body.firstMatch(of: /https:\/\/herald\.example\.cn(\/respond\/[^\s]+\/runbook)/)?.output.1, "\(mail.body)")
            #expect(!mail.body.contains("https://wiki.example.cn/runbooks/pay"), "the runbook is linked through Herald")

            // Nothing public: no status page entry, no public update, no component changed, no analytics.
            #expect((try await server.send(.get, "/api/v2/incidents.json").object["incidents"] as? [[String: Any]])?.isEmpty == true)
            let update = try await server.send(
                .post, "/api/v1/incidents/\(id)/updates", token: server.responder, json: #"{"message": "演练中", "public": true}"#)
            #expect(update.status == .conflict && update.body.contains("never goes on the status page"), "\(update.body)")
            #expect(try await server.store.component(id: "pay").status == .operational)

            // Nobody acknowledges within the step's 5 minutes: the second step pages Han, marked in English.
            clock.advance(by: 360)
            let escalation = EscalationService(
                store: server.store, pipeline: AlertPipeline(store: server.store, logger: TestDatabase.logger, now: clock.now), now: clock.now,
                logger: TestDatabase.logger)
            #expect(await escalation.tick() == 1)
            let second = try await server.store.claimDeliveries(limit: 100, lease: 30 * 86400).filter { $0.contactID == "han" }
            #expect(second.count == 1 && second.first?.subject?.hasPrefix("[DRILL] ") == true, "\(second.map(\.subject))")

            let opened = try await server.send(.get, String(runbook))
            #expect(opened.status == .seeOther && opened.headers[.location] == "https://wiki.example.cn/runbooks/pay")
            clock.advance(by: 60)
            #expect(try await server.send(.post, "/api/v1/incidents/\(id)/acknowledge", token: server.responder).status == .ok)
            for page in pages where page.channel == .sms {
                try await server.store.recordAttempts([AttemptResult(delivery: page, outcome: .sent(providerID: "m1", cost: 0.05), latency: .zero)])
            }

            let card = try await server.send(.get, "/api/v1/drills/\(id)", token: server.viewer).object
            #expect(card["acknowledge_seconds"] as? Double == 420 && card["target_seconds"] as? Double == 300 && card["met_target"] as? Bool == false)
            #expect(card["steps_paged"] as? Int == 2 && card["runbook_opened"] as? Bool == true && card["over"] as? Bool == false)
            let channels = (card["channels"] as? [[String: Any]])?.map { "\($0["channel"] ?? "") \($0["arrived"] ?? "")/\($0["queued"] ?? "")" }
            #expect(channels == ["email 0/2", "sms 1/1"], "\(channels ?? [])")
            #expect(card["postmortem"] is NSNull)

            let response = try await server.send(.get, "/api/v1/analytics/response?by=all&period=all", token: server.viewer).object
            #expect((response["rows"] as? [[String: Any]])?.first?["incidents"] as? Int ?? 0 == 0, "drills are left out of response times")
            let included = try await server.send(.get, "/api/v1/analytics/response?by=all&period=all&include=drill", token: server.viewer).object
            #expect((included["rows"] as? [[String: Any]])?.first?["incidents"] as? Int == 1)
            #expect(try await server.send(.get, "/api/v1/analytics/response?include=real", token: server.viewer).problemFields == ["include"])

            // The team's next drill is acknowledged within a minute: faster by 6 minutes.
            _ = try await server.send(.post, "/api/v1/incidents/\(id)/updates", token: server.responder, json: #"{"message": "演练结束", "status": "resolved"}"#)
            clock.advance(by: 7 * 86400)
            let next = try await server.send(.post, "/api/v1/drills", token: server.responder, json: #"{"team": "payments", "severity": "medium"}"#)
            let nextID = try #require((next.object["incident"] as? [String: Any])?["id"] as? String)
            clock.advance(by: 60)
            _ = try await server.send(.post, "/api/v1/incidents/\(nextID)/acknowledge", token: server.responder)
            let history = try #require(try await server.send(.get, "/api/v1/drills?team=payments", token: server.viewer).object["drills"] as? [[String: Any]])
            #expect(history.compactMap { ($0["incident"] as? [String: Any])?["id"] as? String } == [nextID, id], "the newest first")
            #expect(history.map { ($0["trend"] as? [String: Any])?["direction"] as? String } == ["faster", "first"])
            #expect((history.first?["trend"] as? [String: Any])?["seconds"] as? Double == 360)
            #expect(history.last?["over"] as? Bool == true && history.first?["runbook_opened"] is NSNull)
            #expect(try await server.send(.get, "/api/v1/drills?team=nobody", token: server.viewer).problemFields == ["team"])
            #expect(try await server.send(.get, "/api/v1/drills/\(id)x", token: server.viewer).status == .notFound)
        }
    }
}
