import HeraldApp
import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// The public JSON against the fields and enumerations Atlassian documents for Statuspage's v2 API,
/// so widgets written for a hosted page read Herald's.
@Suite struct StatuspageJSONTests {
    static let pageKeys: Set = ["id", "name", "url", "time_zone", "updated_at"]
    static let componentKeys: Set = [
        "id", "page_id", "group_id", "group", "name", "description", "status", "position", "showcase", "only_show_if_degraded",
        "start_date", "created_at", "updated_at",
    ]
    static let incidentKeys: Set = [
        "id", "page_id", "name", "status", "impact", "shortlink", "created_at", "updated_at", "started_at", "monitoring_at",
        "resolved_at", "components", "incident_updates", "postmortem_body", "postmortem_published_at",
    ]
    static let updateKeys: Set = [
        "id", "incident_id", "status", "body", "created_at", "updated_at", "display_at", "affected_components", "deliver_notifications",
    ]
    static let maintenanceKeys = incidentKeys.union([
        "scheduled_for", "scheduled_until", "scheduled_remind_prior", "scheduled_reminded_at", "scheduled_auto_in_progress",
        "scheduled_auto_completed",
    ])
    static let componentStatuses: Set = ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"]
    static func isTime(_ value: Any?) -> Bool {
        guard let text = value as? String else { return false }
        return text.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(\+|-)\d\d:\d\d/) != nil
    }

    static func check(incident: [String: Any], maintenance: Bool) {
        #expect(Set(incident.keys) == (maintenance ? maintenanceKeys : incidentKeys), "\(incident.keys.sorted())")
        let statuses: Set = maintenance ? ["scheduled", "in_progress", "verifying", "completed"] : ["investigating", "identified", "monitoring", "resolved", "postmortem"]
        #expect(statuses.contains(incident["status"] as? String ?? ""))
        #expect((maintenance ? ["maintenance"] : ["none", "minor", "major", "critical"]).contains(incident["impact"] as? String ?? ""))
        #expect(isTime(incident["created_at"]) && isTime(incident["updated_at"]))
        for update in incident["incident_updates"] as? [[String: Any]] ?? [] {
            #expect(Set(update.keys) == updateKeys)
            #expect(statuses.contains(update["status"] as? String ?? ""))
            #expect(isTime(update["display_at"]))
            for affected in update["affected_components"] as? [[String: Any]] ?? [] {
                #expect(Set(affected.keys) == ["code", "name", "old_status", "new_status"])
            }
        }
        for component in incident["components"] as? [[String: Any]] ?? [] { #expect(Set(component.keys) == componentKeys) }
    }

    @Test(arguments: TestDatabase.allCases)
    func everyDocumentHasStatuspagesShape(_ engine: TestDatabase) async throws {
        let clock = TestClock(PublicFixture.today)
        try await TestServer.run(engine, now: clock.now, configure: { $0.publicURL = "https://status.example.cn" }) { server in
            let fixture = try await PublicFixture.make(server)
            var documents: [String: [String: Any]] = [:]
            for path in [
                "summary", "status", "components", "incidents", "incidents/unresolved", "scheduled-maintenances",
                "scheduled-maintenances/upcoming", "scheduled-maintenances/active",
            ] {
                let reply = try await server.send(.get, "/api/v2/\(path).json")
                #expect(reply.status == .ok && reply.headers[.contentType] == "application/json; charset=utf-8")
                #expect(reply.headers[.accessControlAllowOrigin] == "*", "widgets on other sites read it")
                let page = try #require(reply.object["page"] as? [String: Any], "\(path): \(reply.body)")
                #expect(Set(page.keys) == Self.pageKeys)
                #expect(page["url"] as? String == "https://status.example.cn" && page["time_zone"] as? String == "Asia/Shanghai")
                documents[path] = reply.object
            }
            let status = try #require(documents["status"]?["status"] as? [String: Any])
            #expect(status["indicator"] as? String == "critical" && status["description"] as? String == "Major System Outage")

            let components = try #require(documents["components"]?["components"] as? [[String: Any]])
            #expect(components.count == 3, "the group is listed among the components")
            for component in components {
                #expect(Set(component.keys).subtracting(["components"]) == Self.componentKeys)
                #expect(Self.componentStatuses.contains(component["status"] as? String ?? ""))
            }
            let group = try #require(components.first { $0["group"] as? Bool == true })
            #expect(group["components"] as? [String] == ["pay"] && group["status"] as? String == "major_outage")
            #expect(components.first { $0["id"] as? String == "pay" }?["group_id"] as? String == "payments")

            let incidents = try #require(documents["incidents"]?["incidents"] as? [[String: Any]])
            #expect(incidents.map { $0["id"] as? String } == [fixture.incident], "only what responders announced")
            for incident in incidents { Self.check(incident: incident, maintenance: false) }
            let incident = try #require(incidents.first)
            #expect(incident["status"] as? String == "identified" && incident["impact"] as? String == "critical")
            #expect(incident["shortlink"] as? String == "https://status.example.cn/incidents/\(fixture.incident)")
            let updates = try #require(incident["incident_updates"] as? [[String: Any]])
            #expect(updates.map { $0["body"] as? String } == ["正在排查 <b>支付</b> & 退款"], "JSON carries the text as written; readers escape")
            #expect((documents["incidents/unresolved"]?["incidents"] as? [Any])?.count == 1)

            let maintenances = try #require(documents["scheduled-maintenances"]?["scheduled_maintenances"] as? [[String: Any]])
            #expect(Set(maintenances.compactMap { $0["id"] as? String }) == [fixture.upcoming, fixture.cancelled])
            for maintenance in maintenances { Self.check(incident: maintenance, maintenance: true) }
            let upcoming = try #require(documents["scheduled-maintenances/upcoming"]?["scheduled_maintenances"] as? [[String: Any]])
            #expect(upcoming.map { $0["id"] as? String } == [fixture.upcoming])
            #expect(upcoming.first?["scheduled_for"] as? String == "2026-12-01T02:00:00.000+08:00")
            #expect(upcoming.first?["scheduled_until"] as? String == "2026-12-01T04:00:00.000+08:00")
            #expect(upcoming.first?["name"] as? String == "支付系统升级维护", "the page's language, zh-CN by default")
            let cancelled = try #require(maintenances.first { $0["id"] as? String == fixture.cancelled })
            #expect(cancelled["status"] as? String == "completed")
            #expect(cancelled["scheduled_until"] as? String == "2026-12-05T04:00:00.000+08:00", "the extension moved the end")
            #expect((cancelled["incident_updates"] as? [[String: Any]])?.map { $0["status"] as? String } == ["completed", "scheduled", "scheduled"], "a rescheduling before the start keeps it scheduled")
            #expect((documents["scheduled-maintenances/active"]?["scheduled_maintenances"] as? [Any])?.isEmpty == true)

            let summary = try #require(documents["summary"])
            #expect(Set(summary.keys) == ["page", "status", "components", "incidents", "scheduled_maintenances"])
            #expect((summary["scheduled_maintenances"] as? [[String: Any]])?.map { $0["id"] as? String } == [fixture.upcoming])
        }
    }
}

/// Statuspage's `affected_components` record what changed with each update, not today's status.
@Suite struct AffectedComponentsTests {
    @Test(arguments: TestDatabase.allCases)
    func eachUpdateRecordsTheChangeMadeWithIt(_ engine: TestDatabase) async throws {
        let clock = TestClock(TestServer.today)
        try await TestServer.run(engine, now: clock.now) { server in
            let store = server.store
            _ = try await store.createComponent(ComponentSpec(id: "pay", name: "支付网关"))
            let integration = try await store.createIntegration(name: "probe", kind: .generic, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: nil)
                .integration
            // The alert takes the gateway down as the incident opens.
            let incident = try await PublicFixture.fire(store, integration, "pay", "支付失败", labels: ["alertname": "Pay", "component": "pay"])
            clock.advance(by: 60)
            _ = try await store.postIncidentUpdate(id: incident, status: .identified, message: "已定位", isPublic: true, actor: "li")
            clock.advance(by: 60)
            let patched = try await server.send(.put, "/api/v1/components/pay/status", token: server.responder, json: #"{"status":"degraded_performance"}"#)
            #expect(patched.status == .ok, "\(patched.body)")
            clock.advance(by: 60)
            _ = try await store.postIncidentUpdate(id: incident, status: .monitoring, message: "观察中", isPublic: true, actor: "li")
            clock.advance(by: 60)
            _ = try await server.send(.put, "/api/v1/components/pay/status", token: server.responder, json: #"{"status":"operational"}"#)

            let document = try await server.send(.get, "/api/v2/incidents.json")
            let found = try #require((document.object["incidents"] as? [[String: Any]])?.first { $0["id"] as? String == incident })
            let updates = try #require(found["incident_updates"] as? [[String: Any]])
            let changes = updates.map { update in
                ((update["affected_components"] as? [[String: Any]]) ?? []).map { "\($0["old_status"] ?? "")→\($0["new_status"] ?? "")" }
            }
            #expect(updates.map { $0["status"] as? String } == ["monitoring", "identified"])
            #expect(changes == [["major_outage→degraded_performance"], ["operational→major_outage"]], "newest first: \(changes)")
        }
    }
}
