import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// Postmortems over the API on both engines: a PagerDuty-triggered incident, paged, acknowledged
/// and resolved, yields a postmortem pre-filled with its milestones, durations and pages; its
/// sections are written, it goes draft → in review → published, and it exports as Markdown.
@Suite struct PostmortemAPITests {
    static let start = RFC3339.parse("2026-03-10T10:00:00+08:00")!

    /// The component pay; 李雷 (group sre) paged by SMS and email when the incident opens at 10:00; acknowledged at
    /// 10:03, resolved by its source at 10:40 (Shanghai).
    static func resolvedIncident(_ server: TestServer, clock: TestClock) async throws -> String {
        _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "支付网关"))
        _ = try await server.store.createContact(Contact(
            id: "oncall-li", name: "李雷", groups: ["sre"], addresses: [.sms: "+8613800000000", .email: "li@example.com"], createdAt: clock.now()))
        let (_, key) = try await IngestTests.integration(server, kind: "pagerduty", groupBy: ["component"], notify: "sre")
        let opened = try await server.send(.post, "/v2/enqueue", json: IngestTests.pagerDuty(key, dedup: "pay-5xx"))
        #expect(opened.status == .accepted, "\(opened.body)")
        let id = try #require(try await server.store.incidents().first?.id)
        clock.advance(by: 180)
        _ = try await server.send(.post, "/v2/enqueue", json: IngestTests.pagerDuty(key, action: "acknowledge", dedup: "pay-5xx"))
        clock.advance(by: 2220)
        _ = try await server.send(.post, "/v2/enqueue", json: IngestTests.pagerDuty(key, action: "resolve", dedup: "pay-5xx"))
        #expect(try await server.store.incident(id: id).status == .resolved)
        return id
    }

    /// `resolvedIncident` with its postmortem started as a draft; the incident and the postmortem's API path.
    static func startedPostmortem(_ server: TestServer, clock: TestClock) async throws -> (id: String, path: String) {
        let id = try await resolvedIncident(server, clock: clock)
        let path = "/api/v1/incidents/\(id)/postmortem"
        let started = try await server.send(.post, path, token: server.responder)
        #expect(started.status == .created, "\(started.body)")
        return (id, path)
    }

    @Test(arguments: TestDatabase.allCases)
    func aResolvedIncidentYieldsAPrefilledPostmortemThatIsWrittenReviewedAndPublished(_ engine: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await TestServer.run(engine, now: clock.now) { server in
            let id = try await Self.resolvedIncident(server, clock: clock)
            clock.advance(by: 600)
            let impact = try await server.send(
                .put, "/api/v1/incidents/\(id)/milestones/impact_started", token: server.responder,
                json: #"{"at": "2026-03-10T09:48:00+08:00", "reason": "成功率 09:48 开始下降"}"#)
            #expect(impact.status == .ok, "\(impact.body)")

            #expect(try await server.send(.get, "/api/v1/incidents/\(id)/postmortem", token: server.viewer).status == .notFound)
            let made = try await server.send(.post, "/api/v1/incidents/\(id)/postmortem", token: server.responder)
            #expect(made.status == .created, "\(made.body)")
            #expect(made.object["state"] as? String == "draft")
            #expect(try await server.send(.post, "/api/v1/incidents/\(id)/postmortem", token: server.responder).status == .conflict, "one per incident")

            let document = try await server.send(.get, "/api/v1/incidents/\(id)/postmortem", token: server.viewer).object
            let durations = try #require((document["milestones"] as? [String: Any])?["durations"] as? [String: Any])
            #expect(durations["mttd"] as? Double == 720 && durations["mtta"] as? Double == 180 && durations["mttr"] as? Double == 2400)
            let impactFacts = try #require(document["impact"] as? [String: Any])
            #expect(impactFacts["seconds"] as? Double == 3120 && impactFacts["from"] as? String == "impact_started" && impactFacts["to"] as? String == "resolved")
            #expect((impactFacts["components"] as? [[String: Any]])?.map { "\($0["id"] ?? "")=\($0["name"] ?? "")" } == ["pay=支付网关"], "the alert's component, by its name")
            let pages = try #require(document["pages"] as? [[String: Any]])
            #expect(Set(pages.compactMap { $0["channel"] as? String }) == ["sms", "email"])
            #expect(pages.allSatisfy { $0["contact_name"] as? String == "李雷" && $0["queued_at"] as? String == "2026-03-10T02:00:00Z" && $0["fallback"] as? Bool == false })
            #expect((document["alerts"] as? [[String: Any]])?.count == 1)
            let kinds = (document["timeline"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
            #expect(kinds.contains("opened") && !kinds.contains("page_queued") && !kinds.contains("milestone"))

            let written = try await server.send(
                .patch, "/api/v1/incidents/\(id)/postmortem", token: server.responder,
                json: #"{"root_cause": "连接池被配置成 0", "went_wrong": "告警晚了 12 分钟", "action_items": [{"title": "按成功率告警", "owner": "李雷", "due": "2026-03-20"}]}"#)
            #expect(written.status == .ok, "\(written.body)")
            #expect((written.object["action_items"] as? [[String: Any]])?.first?["done"] as? Bool == false)
            let bad = try await server.send(
                .patch, "/api/v1/incidents/\(id)/postmortem", token: server.responder,
                json: #"{"went_well": 3, "action_items": [{"title": "", "owner": "han", "due": "2026-02-30", "when": 1}]}"#)
            #expect(bad.status == .badRequest)
            #expect(Set(bad.problemFields) == ["went_well", "action_items[0].title", "action_items[0].due", "action_items[0].when"])

            #expect(try await server.send(.post, "/api/v1/incidents/\(id)/postmortem/state", token: server.responder, json: #"{"state": "published"}"#).status == .conflict)
            #expect(try await server.send(.post, "/api/v1/incidents/\(id)/postmortem/state", token: server.responder, json: #"{"state": "in_review"}"#).status == .ok)
            clock.advance(by: 3600)
            let published = try await server.send(.post, "/api/v1/incidents/\(id)/postmortem/state", token: server.responder, json: #"{"state": "published"}"#)
            #expect(published.status == .ok)
            #expect(published.object["published_at"] as? String == "2026-03-10T03:50:00Z")
            let late = try await server.send(.patch, "/api/v1/incidents/\(id)/postmortem", token: server.responder, json: #"{"went_well": "都挺好"}"#)
            #expect(late.status == .conflict, "published is final")

            let actions = try await server.store.auditEvents(page: PageRequest()).items.filter { $0.recordKind == "postmortem" }.map(\.action)
            #expect(actions.sorted() == ["created", "in_review", "published", "updated"])

            let markdown = try await server.send(.get, "/api/v1/incidents/\(id)/postmortem/markdown?language=en&zone=Asia/Shanghai", token: server.viewer)
            #expect(markdown.status == .ok)
            #expect(markdown.headers[.contentType] == "text/markdown; charset=utf-8")
            #expect(markdown.body.hasPrefix("# Postmortem: 支付网关 5xx 超过 5%\n\n- State: Published\n"))
            #expect(markdown.body.contains("- Time to detect: 12 minutes (Impact started → Detected)"))
            #expect(markdown.body.contains("- Components: 支付网关 (pay)"))
            #expect(markdown.body.contains("- 2026-03-10 10:00 (UTC+08:00) — 李雷 by sms: not delivered yet"))
            #expect(markdown.body.contains("- [ ] 按成功率告警 — 李雷, due 2026-03-20"))
            let chinese = try await server.send(.get, "/api/v1/incidents/\(id)/postmortem/markdown", token: server.viewer)
            #expect(chinese.body.hasPrefix("# 复盘报告：支付网关 5xx 超过 5%\n\n- 状态：已发布\n- 事件：\(id)\n- 时间均为 UTC 时间。"))
            let wrong = try await server.send(.get, "/api/v1/incidents/\(id)/postmortem/markdown?language=fr&zone=Mars", token: server.viewer)
            #expect(wrong.status == .badRequest && Set(wrong.problemFields) == ["language", "zone"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anOpenIncidentHasNoPostmortemYet(_ engine: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await TestServer.run(engine, now: clock.now) { server in
            let id = try await MilestoneAPITests.open(server, clock: clock)
            let refused = try await server.send(.post, "/api/v1/incidents/\(id)/postmortem", token: server.responder)
            #expect(refused.status == .conflict)
            #expect(refused.body.contains("The incident is not resolved yet"))
            #expect(try await server.send(.post, "/api/v1/incidents/\(id)/postmortem", token: server.viewer).status == .forbidden)
            #expect(try await server.store.postmortem(incidentID: id) == nil)
        }
    }
}
