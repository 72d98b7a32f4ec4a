import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// Milestones over the API: a responder sets when impact started and when it was mitigated, each
/// with a reason; the timeline and the audit log say so; the response analytics measure MTTD and
/// time to mitigate from them.
@Suite struct MilestoneAPITests {
    static let start = RFC3339.parse("2026-03-10T10:00:00+08:00")!

    /// An incident opened at 10:00 (Shanghai) and acknowledged at 10:03 on the server's clock.
    static func open(_ server: TestServer, clock: TestClock) async throws -> String {
        let integration = try await server.store.createIntegration(
            name: "prometheus", kind: .alertmanager, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: nil
        ).integration
        let result = try await server.store.ingest(
            IncomingAlert(action: .trigger, dedupKey: "pay", summary: "支付失败", labels: ["alertname": "pay"], occurredAt: clock.now()),
            integration: integration, severity: .high, route: nil)
        let id = try #require(result.incidentID)
        clock.advance(by: 180)
        #expect(try await server.send(.post, "/api/v1/incidents/\(id)/acknowledge", token: server.responder).status == .ok)
        clock.advance(by: 1200)  // now 10:23
        return id
    }

    @Test(arguments: TestDatabase.allCases)
    func aResponderSetsImpactStartAndMitigationWithReasons(_ engine: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await TestServer.run(engine, now: clock.now) { server in
            let id = try await Self.open(server, clock: clock)
            let impact = try await server.send(
                .put, "/api/v1/incidents/\(id)/milestones/impact_started", token: server.responder,
                json: #"{"at": "2026-03-10T09:48:00+08:00", "reason": "支付成功率从 09:48 开始下降，告警阈值太高"}"#)
            #expect(impact.status == .ok, "\(impact.body)")
            let mitigated = try await server.send(
                .put, "/api/v1/incidents/\(id)/milestones/mitigated", token: server.responder,
                json: #"{"at": "2026-03-10T02:15:00Z", "reason": "rolled back to 4.2"}"#)
            #expect(mitigated.status == .ok, "\(mitigated.body)")

            let reply = try await server.send(.get, "/api/v1/incidents/\(id)/milestones", token: server.viewer)
            #expect(reply.status == .ok)
            let items = try #require(reply.object["milestones"] as? [[String: Any]])
            #expect(items.map { $0["milestone"] as? String } == ["impact_started", "detected", "acknowledged", "mitigated", "resolved"])
            #expect(items.map { $0["source"] as? String } == ["responder", "herald", "herald", "responder", nil])
            #expect(items[0]["at"] as? String == "2026-03-10T01:48:00Z")
            #expect(items[0]["reason"] as? String == "支付成功率从 09:48 开始下降，告警阈值太高")
            #expect(items[4]["at"] is NSNull, "not resolved: the key is there, null")
            let durations = try #require(reply.object["durations"] as? [String: Any])
            #expect(durations["mttd"] as? Double == 720)  // 09:48 → 10:00
            #expect(durations["mtta"] as? Double == 180)
            #expect(durations["mttm"] as? Double == 1620)  // 09:48 → 10:15
            #expect(durations["mttr"] is NSNull)

            let events = try await server.store.incidentEvents(incidentID: id).filter { $0.kind == .milestone }
            #expect(events.map(\.detail) == [
                "Impact started: 2026-03-10T01:48:00Z (支付成功率从 09:48 开始下降，告警阈值太高)", "Mitigated: 2026-03-10T02:15:00Z (rolled back to 4.2)",
            ])
            #expect(events.last?.text(.zhCN) == "缓解：2026-03-10T02:15:00Z（rolled back to 4.2）")
            let audited = try await server.store.auditEvents(page: PageRequest()).items.filter { $0.action == "milestone" }
            #expect(audited.count == 2)
            #expect(audited.allSatisfy { $0.recordKind == "incident" && $0.recordID == id && $0.actor == events[0].actor })

            // Taken back: Herald knows no mitigation, so there is none.
            let back = try await server.send(
                .put, "/api/v1/incidents/\(id)/milestones/mitigated", token: server.responder, json: #"{"at": null, "reason": "wrong incident"}"#)
            #expect(back.status == .ok, "\(back.body)")
            #expect(((back.object["milestones"] as? [[String: Any]])?[3]["at"]) is NSNull)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anOrderThatMakesANegativeDurationIsRefusedAndNothingIsWritten(_ engine: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await TestServer.run(engine, now: clock.now) { server in
            let id = try await Self.open(server, clock: clock)
            let late = try await server.send(
                .put, "/api/v1/incidents/\(id)/milestones/impact_started", token: server.responder,
                json: #"{"at": "2026-03-10T10:05:00+08:00", "reason": ""}"#)
            #expect(late.status == .badRequest)
            #expect(late.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(late.problemFields == ["reason", "at"])
            #expect(late.body.contains("Detected cannot come before Impact started."))
            let resolved = try await server.send(
                .put, "/api/v1/incidents/\(id)/milestones/resolved", token: server.responder, json: #"{"at": "2026-03-10T10:10:00+08:00", "reason": "x"}"#)
            #expect(resolved.problemFields == ["milestone"], "not resolved yet: resolve it instead")
            let future = try await server.send(
                .put, "/api/v1/incidents/\(id)/milestones/mitigated", token: server.responder, json: #"{"at": "2026-03-10T11:00:00+08:00", "reason": "x"}"#)
            #expect(future.problemFields == ["at"])
            let badTime = try await server.send(
                .put, "/api/v1/incidents/\(id)/milestones/mitigated", token: server.responder, json: #"{"at": "10:15", "reason": 3, "by": "me"}"#)
            #expect(Set(badTime.problemFields) == ["at", "reason", "by"])
            #expect(try await server.send(.put, "/api/v1/incidents/\(id)/milestones/noticed", token: server.responder, json: #"{"at": null, "reason": "x"}"#).status == .notFound)
            #expect(try await server.send(.put, "/api/v1/incidents/nope/milestones/mitigated", token: server.responder, json: #"{"at": null, "reason": "x"}"#).status == .notFound)
            #expect(try await server.send(.put, "/api/v1/incidents/\(id)/milestones/mitigated", token: server.viewer, json: #"{"at": null, "reason": "x"}"#).status == .forbidden)
            #expect(try await server.store.incidentEvents(incidentID: id).filter { $0.kind == .milestone }.isEmpty)
            let items = try await server.send(.get, "/api/v1/incidents/\(id)/milestones", token: server.viewer).object["milestones"] as? [[String: Any]]
            #expect(items?.compactMap { $0["source"] as? String } == ["herald", "herald"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theResponseAnalyticsMeasureMttdAndTimeToMitigateFromTheMilestones(_ engine: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await TestServer.run(engine, now: clock.now) { server in
            let id = try await Self.open(server, clock: clock)
            for (milestone, at) in [("impact_started", "2026-03-10T09:50:00+08:00"), ("mitigated", "2026-03-10T10:20:00+08:00")] {
                let reply = try await server.send(
                    .put, "/api/v1/incidents/\(id)/milestones/\(milestone)", token: server.responder, json: #"{"at": "\#(at)", "reason": "from the dashboards"}"#)
                #expect(reply.status == .ok, "\(reply.body)")
            }
            let reply = try await server.send(.get, "/api/v1/analytics/response?by=all&period=all&since=2026-03-01T00:00:00%2B08:00", token: server.viewer)
            #expect(reply.status == .ok, "\(reply.body)")
            #expect((reply.object["definitions"] as? [String: [String: String]])?["mttd"] == ["from": "impact_started", "to": "detected"])
            #expect((reply.object["definitions"] as? [String: [String: String]])?["mttm"] == ["from": "impact_started", "to": "mitigated"])
            let row = try #require((reply.object["rows"] as? [[String: Any]])?.first)
            #expect((row["mttd"] as? [String: Any])?["mean_seconds"] as? Double == 600)
            #expect((row["mttm"] as? [String: Any])?["mean_seconds"] as? Double == 1800)
            #expect((row["mttd"] as? [String: Any])?["count"] as? Int == 1)
        }
    }
}
