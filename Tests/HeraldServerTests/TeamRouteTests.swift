import Foundation
import HeraldApp
import HeraldCore
import HeraldServer
import HeraldStore
import HeraldTestSupport
import Testing

/// Teams and routing rules through the admin API, applied to alerts arriving over Alertmanager's webhook.
@Suite struct TeamRouteTests {
    @Test(arguments: TestDatabase.allCases)
    func routesAreCheckedAsAWholeAndHandAlertsToTheirTeam(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createContact(Contact(id: "han", name: "韩梅梅", addresses: [.sms: "+8613800000002"], createdAt: server.store.now()))
            let team = try await server.send(
                .put, "/api/v1/teams/payments", token: server.admin,
                json: #"{"name":"支付组","escalation":{"steps":[{"contact":"han","wait_minutes":10}]}}"#)
            #expect(team.status == .ok, "\(team.body)")

            let bad = try await server.send(
                .put, "/api/v1/alert-routes", token: server.admin,
                json: #"""
                {"routes":[
                  {"matchers":[{"name":"service","value":"pay"}],"team":"payments","severity":"urgent","runbook_url":"wiki/pay"},
                  {"matchers":[{"name":"env","value":"(prod","is_regex":true}],"team":"nobody","colour":"red"}
                ]}
                """#)
            #expect(bad.status == .badRequest)
            #expect(Set(bad.problemFields) == [
                "routes[0].severity", "routes[0].runbook_url", "routes[1].matchers[0].value", "routes[1].team", "routes[1].colour",
            ])
            #expect(try await server.store.alertRoutes().isEmpty, "a bad set replaces nothing")

            let good = try await server.send(
                .put, "/api/v1/alert-routes", token: server.admin,
                json: #"{"routes":[{"matchers":[{"name":"service","value":"pay"}],"team":"payments","severity":"high","runbook_url":"https://wiki.example.cn/pay"}]}"#)
            #expect(good.status == .ok, "\(good.body)")
            let listed = try await server.send(.get, "/api/v1/alert-routes", token: server.admin)
            #expect((listed.object["routes"] as? [[String: Any]])?.first?["team"] as? String == "payments")

            let (_, key) = try await IngestTests.integration(server, kind: "alertmanager", groupBy: ["alertname"])
            let payload = #"""
                {"version":"4","groupKey":"{}:{alertname=\"Latency\"}","status":"firing","receiver":"herald","groupLabels":{"alertname":"Latency"},
                 "commonLabels":{},"commonAnnotations":{},"externalURL":"http://am:9093","truncatedAlerts":0,
                 "alerts":[{"status":"firing","labels":{"alertname":"Latency","service":"pay","severity":"warning"},
                            "annotations":{"summary":"支付延迟升高"},"startsAt":"2026-11-22T09:00:00+08:00","endsAt":"0001-01-01T00:00:00Z",
                            "generatorURL":"http://prom/graph","fingerprint":"a1"}]}
                """#
            let sent = try await server.send(.post, "/api/v1/ingest/alertmanager?key=\(key)", json: payload)
            #expect(sent.status == .ok || sent.status == .accepted, "\(sent.body)")
            let incident = try #require(try await server.store.incidents().first)
            let shown = try await server.send(.get, "/api/v1/incidents/\(incident.id)", token: server.admin)
            let document = try #require(shown.object["incident"] as? [String: Any])
            #expect(document["team"] as? String == "payments")
            #expect(document["severity"] as? String == "high")
            #expect(document["runbook_url"] as? String == "https://wiki.example.cn/pay")
            #expect(try await server.store.deliveryCounts()[.sms]?[.pending] == 1, "the team's on-call is paged")
        }
    }
}

/// An escalation step that names nobody would page nobody: refused when saved, reported at start.
@Suite struct EscalationReferenceTests {
    @Test(arguments: TestDatabase.allCases)
    func stepsMustNameContactsGroupsAndSchedulesThatExist(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let store = server.store
            _ = try await store.createContact(
                Contact(id: "han", name: "韩梅梅", groups: ["sre"], addresses: [.sms: "+8613800000002"], createdAt: store.now()))
            let bad = try await server.send(
                .put, "/api/v1/teams/payments", token: server.admin,
                json: #"{"name":"支付组","escalation":{"steps":[{"contact":"li"},{"group":"dba"},{"schedule":"primary"},{"contact":"han"},{"group":"sre"}]}}"#)
            #expect(bad.status == .badRequest)
            #expect(bad.problemFields == ["escalation.steps[0].contact", "escalation.steps[1].group", "escalation.steps[2].schedule"], "\(bad.body)")
            #expect(try await store.teams().isEmpty, "nothing is saved")
            let integration = try await server.send(
                .post, "/api/v1/integrations", token: server.admin,
                json: #"{"name":"probe","kind":"generic","escalation":{"steps":[{"schedule":"primary"}]}}"#)
            #expect(integration.problemFields == ["escalation.steps[0].schedule"], "\(integration.body)")

            let good = try await server.send(
                .put, "/api/v1/teams/payments", token: server.admin, json: #"{"name":"支付组","escalation":{"steps":[{"contact":"han"},{"group":"sre"}]}}"#)
            #expect(good.status == .ok, "\(good.body)")
            #expect(try await EscalationCheck.brokenReferences(store).isEmpty)

            // Saved before the check existed (or its schedule removed since): reported at start.
            _ = try await store.saveTeam(Team(id: "db", name: "数据库组", escalation: EscalationPolicy(steps: [
                EscalationStep(target: .schedule("gone"), waitMinutes: 0), EscalationStep(target: .contact("han"), waitMinutes: 5),
            ])))
            #expect(try await EscalationCheck.brokenReferences(store) == ["team 'db': escalation.steps[0].schedule no on-call schedule with id 'gone'"])
        }
    }
}

/// A schedule's body is answered with every problem at once: its fields, its content and the
/// members who are not contacts, rather than one kind per try.
@Suite struct ScheduleProblemTests {
    @Test(arguments: TestDatabase.allCases)
    func aScheduleNamesEveryProblemInOnePass(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let store = server.store
            _ = try await store.createContact(
                Contact(id: "han", name: "韩梅梅", addresses: [.sms: "+8613800000002"], createdAt: store.now()))
            let bad = try await server.send(
                .post, "/api/v1/schedules", token: server.admin,
                json: #"{"id":"primary","name":"一线","time_zone":"CST","members":["han","li"],"start":"2026-12-01T09:00:00+08:00","rotation_days":"7","overrides":[]}"#)
            #expect(bad.status == .badRequest)
            #expect(Set(bad.problemFields) == ["time_zone", "rotation_days", "members[1]", "overrides"], "\(bad.body)")
            // An empty member list is said even beside a type error elsewhere.
            let empty = try await server.send(
                .post, "/api/v1/schedules", token: server.admin,
                json: #"{"id":"primary","name":"一线","members":[],"start":"2026-12-01T09:00:00+08:00","rotation_days":true}"#)
            #expect(Set(empty.problemFields) == ["members", "rotation_days"], "\(empty.body)")

            let made = try await server.send(
                .post, "/api/v1/schedules", token: server.admin,
                json: #"{"id":"primary","name":"一线","members":["han"],"start":"2026-12-01T09:00:00+08:00"}"#)
            #expect(made.status == .created, "\(made.body)")
            let override = try await server.send(
                .post, "/api/v1/schedules/primary/overrides", token: server.admin,
                json: #"{"contact":"li","start":"2026-12-02T09:00:00+08:00","end":"2026-12-02T08:00:00+08:00"}"#)
            #expect(Set(override.problemFields) == ["contact", "end"], "\(override.body)")
        }
    }
}
