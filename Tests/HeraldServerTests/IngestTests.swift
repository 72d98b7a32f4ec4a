import HeraldApp
import Crypto
import Foundation
import HeraldCore
import HeraldServer
import HeraldStore
import HeraldTestSupport
import Testing

/// Monitoring events in, incidents and pages out, through the real server on both databases.
@Suite struct IngestTests {
    static func integration(_ server: TestServer, kind: String, groupBy: [String], notify: String? = nil) async throws -> (id: String, key: String) {
        let groups = groupBy.map { "\"\($0)\"" }.joined(separator: ",")
        let notifyField = notify.map { #","notify_group":"\#($0)""# } ?? ""
        let made = try await server.send(
            .post, "/api/v1/integrations", token: server.admin,
            json: #"{"name":"prometheus-prod","kind":"\#(kind)","group_by":[\#(groups)]\#(notifyField)}"#)
        #expect(made.status == .created, "\(made.body)")
        let key = try #require(made.object["key"] as? String)
        let id = try #require((made.object["integration"] as? [String: Any])?["id"] as? String)
        return (id, key)
    }

    static func pagerDuty(_ key: String, action: String = "trigger", dedup: String? = nil, summary: String = "支付网关 5xx 超过 5%",
                          severity: String = "critical", component: String = "pay") -> String {
        let dedupField = dedup.map { #""dedup_key":"\#($0)","# } ?? ""
        let payload = action == "trigger"
            ? #","payload":{"summary":"\#(summary)","source":"pay-gw-01","severity":"\#(severity)","component":"\#(component)","custom_details":{"rate":0.07}},"links":[{"href":"https://grafana.example.com/d/pay","text":"dashboard"}]"#
            : ""
        return #"{"routing_key":"\#(key)",\#(dedupField)"event_action":"\#(action)"\#(payload)}"#
    }

    @Test(arguments: TestDatabase.allCases)
    func pagerDutyEventsAreDeduplicatedGroupedPagedAndResolved(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createContact(Contact(
                id: "oncall-li", name: "李雷", groups: ["sre"], addresses: [.sms: "+8613800000000", .email: "li@example.com"], createdAt: server.store.now()))
            let (_, key) = try await Self.integration(server, kind: "pagerduty", groupBy: ["component"], notify: "sre")
            #expect(key.count == 32)

            let first = try await server.send(.post, "/v2/enqueue", json: Self.pagerDuty(key))
            #expect(first.status == .accepted)
            #expect(first.object["status"] as? String == "success" && first.object["message"] as? String == "Event processed")
            let dedup = try #require(first.object["dedup_key"] as? String)
            let again = try await server.send(.post, "/v2/enqueue", json: Self.pagerDuty(key, dedup: dedup))
            #expect(again.object["dedup_key"] as? String == dedup)
            let other = try await server.send(.post, "/v2/enqueue", json: Self.pagerDuty(key, dedup: "db-latency", summary: "数据库延迟升高", severity: "warning"))
            #expect(other.status == .accepted)

            let incidents = try await server.store.incidents()
            #expect(incidents.count == 1, "same component: one incident")
            let incident = try #require(incidents.first)
            #expect(incident.severity == .high && incident.status == .investigating && incident.title == "支付网关 5xx 超过 5%")
            let alerts = try await server.store.alerts(incidentID: incident.id)
            #expect(alerts.map(\.events) == [2, 1], "the repeat is counted, not opened again")
            #expect(alerts.map(\.severity) == [.high, .medium])

            // The first page went to the on-call group at once, on high severity's channels.
            let pages = try await server.store.deliveryCounts()
            #expect(pages[.sms]?[.pending] == 1 && pages[.email]?[.pending] == 1)

            _ = try await server.send(.post, "/v2/enqueue", json: Self.pagerDuty(key, action: "acknowledge", dedup: dedup))
            #expect(try await server.store.incident(id: incident.id).acknowledgedAt != nil)
            _ = try await server.send(.post, "/v2/enqueue", json: Self.pagerDuty(key, action: "resolve", dedup: dedup))
            #expect(try await server.store.incident(id: incident.id).status == .investigating, "one alert is still open")
            _ = try await server.send(.post, "/v2/enqueue", json: Self.pagerDuty(key, action: "resolve", dedup: "db-latency"))
            #expect(try await server.store.incident(id: incident.id).status == .resolved)
            let late = try await server.send(.post, "/v2/enqueue", json: Self.pagerDuty(key, action: "resolve", dedup: "never-opened"))
            #expect(late.status == .accepted, "acknowledge and resolve with no open alert are dropped, not refused")

            // After resolve, the same key opens a new alert and a new incident.
            _ = try await server.send(.post, "/v2/enqueue", json: Self.pagerDuty(key, dedup: dedup))
            #expect(try await server.store.incidents().count == 2)

            let timeline = try await server.send(.get, "/api/v1/incidents/\(incident.id)/timeline", token: server.viewer)
            let kinds = (timeline.object["events"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
            #expect(kinds == ["opened", "alert_received", "page_queued", "alert_received", "acknowledged", "alert_resolved", "alert_resolved", "resolved"])
            // Every document has the same keys: what has no value is null, not missing.
            let open = try await server.store.incidents(includeResolved: false).first!
            let detail = try await server.send(.get, "/api/v1/incidents/\(open.id)", token: server.viewer)
            let alert = try #require((detail.object["alerts"] as? [[String: Any]])?.first)
            #expect(alert["resolved_at"] is NSNull && alert.keys.contains("source"), "\(detail.body)")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func badPagerDutyEventsGetPagerDutysErrorShapeAndStoreNothing(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let (_, key) = try await Self.integration(server, kind: "pagerduty", groupBy: ["component"])
            let cases: [(String, String)] = [
                (#"{"event_action":"trigger"}"#, "'routing_key' is missing"),
                (#"{"routing_key":"\#(key)","event_action":"trigger","payload":{"source":"x","severity":"critical"}}"#, "'payload.summary' is missing"),
                (#"{"routing_key":"\#(key)","event_action":"trigger","payload":{"summary":"s","source":"x","severity":"fatal"}}"#, "'payload.severity' must be one of critical, error, warning, info"),
                (#"{"routing_key":"\#(key)","event_action":"resolve"}"#, "'dedup_key' is required to resolve"),
                (#"{"routing_key":"\#(key)","event_action":"snooze"}"#, "'event_action' must be one of trigger, acknowledge, resolve"),
                (#"{"routing_key":"\#(String(repeating: "0", count: 32))","event_action":"trigger","payload":{"summary":"s","source":"x","severity":"info"}}"#, "'routing_key' does not belong to a PagerDuty integration"),
                ("not json", "Event object is not valid JSON"),
            ]
            for (body, error) in cases {
                let reply = try await server.send(.post, "/v2/enqueue", json: body)
                #expect(reply.status == .badRequest, "\(body)")
                #expect(reply.object["status"] as? String == "invalid event")
                #expect(reply.object["message"] as? String == "Event object is invalid")
                #expect((reply.object["errors"] as? [String])?.contains(error) == true, "\(error) in \(reply.body)")
            }
            let huge = try await server.send(.post, "/v2/enqueue", json: Self.pagerDuty(key, summary: String(repeating: "x", count: 600_000)))
            #expect(huge.status == .contentTooLarge)
            #expect(try await server.store.incidents().isEmpty)
        }
    }

    @Test func anIntegrationOverItsRateGets429() async throws {
        try await TestServer.run(.sqlite, configure: { $0.alerts.perMinute = 2 }) { server in
            let (_, key) = try await Self.integration(server, kind: "pagerduty", groupBy: ["component"])
            for expected in [202, 202, 429] {
                let reply = try await server.send(.post, "/v2/enqueue", json: Self.pagerDuty(key, dedup: "k"))
                #expect(Int(reply.status.code) == expected)
            }
        }
    }

    static let firing = """
        {"version":"4","groupKey":"{}:{alertname=\\"HighErrorRate\\"}","truncatedAlerts":0,"status":"firing","receiver":"herald",
         "groupLabels":{"alertname":"HighErrorRate"},"commonLabels":{"alertname":"HighErrorRate","severity":"critical"},
         "commonAnnotations":{},"externalURL":"http://alertmanager:9093",
         "alerts":[
          {"status":"firing","labels":{"alertname":"HighErrorRate","severity":"critical","instance":"pay-1"},
           "annotations":{"summary":"pay-1 错误率 7%","runbook_url":"https://wiki.example.com/pay"},
           "startsAt":"2026-11-22T08:00:00.123Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus:9090/graph","fingerprint":"a1"},
          {"status":"firing","labels":{"alertname":"HighErrorRate","severity":"critical","instance":"pay-2"},
           "annotations":{"summary":"pay-2 错误率 9%"},
           "startsAt":"2026-11-22T08:00:05Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus:9090/graph","fingerprint":"a2"}]}
        """

    @Test(arguments: TestDatabase.allCases)
    func alertmanagerGroupsByItsLabelsAndResolvesWithIt(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let (_, key) = try await Self.integration(server, kind: "alertmanager", groupBy: ["alertname"])
            let refused = try await server.send(.post, "/api/v1/ingest/alertmanager", json: Self.firing)
            #expect(refused.status == .unauthorized)
            let fired = try await server.send(.post, "/api/v1/ingest/alertmanager", json: Self.firing, headers: [.authorization: "Bearer \(key)"])
            #expect(fired.status == .accepted, "\(fired.body)")
            let incident = try #require(try await server.store.incidents().first)
            #expect(try await server.store.alerts(incidentID: incident.id).map(\.summary) == ["pay-1 错误率 7%", "pay-2 错误率 9%"])

            let resolved = Self.firing.replacingOccurrences(of: #""status":"firing""#, with: #""status":"resolved""#)
            let done = try await server.send(.post, "/api/v1/ingest/alertmanager?key=\(key)", json: resolved)
            #expect(done.status == .accepted)
            #expect(try await server.store.incident(id: incident.id).status == .resolved)

            let old = Self.firing.replacingOccurrences(of: #""version":"4""#, with: #""version":"3""#)
                .replacingOccurrences(of: #""startsAt":"2026-11-22T08:00:05Z""#, with: #""startsAt":"yesterday""#)
            let bad = try await server.send(.post, "/api/v1/ingest/alertmanager", json: old, headers: [.authorization: "Bearer \(key)"])
            #expect(bad.status == .badRequest)
            #expect(bad.problemFields == ["version", "alerts[1].startsAt"])
            #expect(try await server.store.incidents().count == 1, "nothing of a refused payload is stored")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func respondersAcknowledgeAndPostUpdatesOnTheTimeline(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let (_, key) = try await Self.integration(server, kind: "pagerduty", groupBy: ["component"])
            _ = try await server.send(.post, "/v2/enqueue", json: Self.pagerDuty(key))
            let id = try #require(try await server.store.incidents().first?.id)
            let acked = try await server.send(.post, "/api/v1/incidents/\(id)/acknowledge", token: server.responder)
            #expect(acked.object["acknowledged_by"] as? String == "token:responder")
            let forbidden = try await server.send(.post, "/api/v1/incidents/\(id)/acknowledge", token: server.viewer)
            #expect(forbidden.status == .forbidden)
            let update = try await server.send(
                .post, "/api/v1/incidents/\(id)/updates", token: server.responder,
                json: #"{"status":"identified","message":"数据库主库切换中，预计 10 分钟恢复","public":true}"#)
            #expect(update.status == .created)
            #expect(update.object["status"] as? String == "identified")
            let bad = try await server.send(.post, "/api/v1/incidents/\(id)/updates", token: server.responder, json: #"{"status":"fixed","public":"yes"}"#)
            #expect(Set(bad.problemFields) == ["message", "status", "public"])
            let detail = try await server.send(.get, "/api/v1/incidents/\(id)", token: server.viewer)
            #expect((detail.object["alerts"] as? [[String: Any]])?.first?["labels"] as? [String: String] == ["component": "pay"])
            let timeline = try await server.send(.get, "/api/v1/incidents/\(id)/timeline", token: server.viewer)
            let events = try #require(timeline.object["events"] as? [[String: Any]])
            #expect(events.suffix(3).map { $0["kind"] as? String } == ["acknowledged", "status_changed", "update"])
            #expect(events.last?["public"] as? Bool == true)
            let open = try await server.send(.get, "/api/v1/incidents?state=open", token: server.viewer)
            #expect((open.object["incidents"] as? [Any])?.count == 1)
        }
    }
}

/// Grafana's webhook (signed) and Herald's own generic format.
@Suite struct MoreIngestTests {
    static let grafana = """
        {"receiver":"herald","status":"firing","orgId":1,"version":"1","groupKey":"{}:{alertname=\\"DiskFull\\"}","truncatedAlerts":0,
         "title":"[FIRING:1] DiskFull","state":"alerting","message":"磁盘将满",
         "groupLabels":{"alertname":"DiskFull"},"commonLabels":{"alertname":"DiskFull"},"commonAnnotations":{},"externalURL":"http://grafana:3000/",
         "alerts":[{"status":"firing","labels":{"alertname":"DiskFull","severity":"warning","instance":"db-1"},"annotations":{"summary":"db-1 磁盘使用 93%"},
           "startsAt":"2026-11-22T08:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://grafana:3000/alerting/grafana/x/view",
           "fingerprint":"f1","silenceURL":"http://grafana:3000/alerting/silence/new","dashboardURL":"http://grafana:3000/d/db","panelURL":"http://grafana:3000/d/db?viewPanel=2",
           "values":{"B":93.1},"valueString":"[ var='B' value=93.1 ]"}]}
        """

    static func sign(_ body: String, secret: String, timestamp: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data("\(timestamp):\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    @Test(arguments: TestDatabase.allCases)
    func grafanaAlertsAreTakenOnlyWithTheirSignature(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let secret = "grafana-hmac-secret-0123"
            let made = try await server.send(
                .post, "/api/v1/integrations", token: server.admin,
                json: #"{"name":"grafana","kind":"grafana","group_by":["alertname"],"signing_secret":"\#(secret)"}"#)
            let key = try #require(made.object["key"] as? String)
            #expect((made.object["integration"] as? [String: Any])?["signed"] as? Bool == true)
            let unsigned = try await server.send(.post, "/api/v1/ingest/grafana", json: Self.grafana, headers: [.authorization: "Bearer \(key)"])
            #expect(unsigned.status == .unauthorized)
            let signed = try await server.send(
                .post, "/api/v1/ingest/grafana", json: Self.grafana,
                headers: [
                    .authorization: "Bearer \(key)", .init("X-Grafana-Alerting-Timestamp")!: "1795305600",
                    .init("X-Grafana-Alerting-Signature")!: Self.sign(Self.grafana, secret: secret, timestamp: "1795305600"),
                ])
            #expect(signed.status == .accepted, "\(signed.body)")
            let incident = try #require(try await server.store.incidents().first)
            #expect(incident.severity == .medium && incident.title == "db-1 磁盘使用 93%")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theGenericFormatNamesEveryBadField(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let made = try await server.send(.post, "/api/v1/integrations", token: server.admin, json: #"{"name":"cron","kind":"generic"}"#)
            let key = try #require(made.object["key"] as? String)
            let bad = try await server.send(
                .post, "/api/v1/ingest/generic?key=\(key)", json: #"{"action":"trigger","labels":{"team":7},"links":[1],"colour":"red"}"#)
            #expect(bad.status == .badRequest)
            #expect(Set(bad.problemFields) == ["dedup_key", "summary", "labels.team", "links[0]", "colour"])
            let good = try await server.send(
                .post, "/api/v1/ingest/generic?key=\(key)",
                json: #"{"dedup_key":"backup-nightly","summary":"夜间备份失败","severity":"error","source":"backup-01","labels":{"team":"dba"}}"#)
            #expect(good.status == .accepted)
            #expect(good.object["outcome"] as? String == "opened")
            let resolved = try await server.send(
                .post, "/api/v1/ingest/generic?key=\(key)", json: #"{"action":"resolve","dedup_key":"backup-nightly"}"#)
            #expect(resolved.object["outcome"] as? String == "resolved")
            let wrongKind = try await server.send(.post, "/api/v1/ingest/alertmanager?key=\(key)", json: "{}")
            #expect(wrongKind.status == .unauthorized, "a key works only for its own format")
        }
    }
}

@Suite struct IntegrationAPITests {
    @Test func anEscalationPolicyIsCheckedStepByStep() async throws {
        try await TestServer.run(.sqlite) { server in
            let bad = try await server.send(
                .post, "/api/v1/integrations", token: server.admin,
                json: #"{"name":"p","kind":"pagerduty","escalation":{"steps":[{"group":"sre","contact":"li"},{"wait_minutes":5000}],"repeats":99}}"#)
            #expect(bad.status == .badRequest)
            #expect(Set(bad.problemFields) == ["escalation.steps[0]", "escalation.steps[1]", "escalation.steps[1].wait_minutes", "escalation.repeats"])
            _ = try await server.store.createContact(
                Contact(id: "boss", name: "老板", groups: ["sre"], addresses: [.sms: "+8613800000009"], createdAt: server.store.now()))
            let good = try await server.send(
                .post, "/api/v1/integrations", token: server.admin,
                json: #"{"name":"p","kind":"pagerduty","escalation":{"steps":[{"group":"sre","wait_minutes":5},{"contact":"boss"}],"repeats":1}}"#)
            #expect(good.status == .created, "\(good.body)")
            let listed = try await server.send(.get, "/api/v1/integrations", token: server.admin)
            let escalation = (listed.object["integrations"] as? [[String: Any]])?.first?["escalation"] as? [String: Any]
            #expect(escalation?["repeats"] as? Int == 1)
            #expect((escalation?["steps"] as? [[String: Any]])?.first?["wait_minutes"] as? Int == 5)
            #expect(!listed.body.contains(try #require(good.object["key"] as? String)), "the key is never listed")
        }
    }
}

@Suite struct IncidentStreamTests {
    @Test(arguments: TestDatabase.allCases)
    func respondersWatchingAnIncidentReceiveEventsAsTheyHappen(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let made = try await server.send(.post, "/api/v1/integrations", token: server.admin, json: #"{"name":"cron","kind":"generic"}"#)
            let key = try #require(made.object["key"] as? String)
            _ = try await server.send(.post, "/api/v1/ingest/generic?key=\(key)", json: #"{"dedup_key":"k","summary":"备份失败"}"#)
            let id = try #require(try await server.store.incidents().first?.id)
            let opened = try await server.store.incidentEvents(incidentID: id)

            // The stream is open before the update and the resolution happen (written straight to the
            // store: the test client has one connection, which the stream holds); it ends with the resolution.
            async let watched = server.send(.get, "/api/v1/incidents/\(id)/stream", token: server.viewer)
            try await Task.sleep(for: .milliseconds(700))
            _ = try await server.store.postIncidentUpdate(id: id, status: nil, message: "正在重跑", isPublic: true, actor: "token:responder")
            let integration = try #require(try await server.store.integrations().first)
            _ = try await server.store.ingest(
                IncomingAlert(action: .resolve, dedupKey: "k", summary: "", occurredAt: server.store.now()), integration: integration, severity: .medium)
            let stream = try await watched
            #expect(stream.headers[.contentType] == "text/event-stream; charset=utf-8")
            let kinds = stream.body.split(separator: "\n").filter { $0.hasPrefix("event: ") }.map { String($0.dropFirst(7)) }
            #expect(kinds == ["opened", "alert_received", "update", "alert_resolved", "resolved"], "\(stream.body)")
            #expect(stream.body.contains(#""detail":"正在重跑""#))

            // Reconnecting with Last-Event-ID sends only what came after it.
            let resumed = try await server.send(
                .get, "/api/v1/incidents/\(id)/stream", token: server.viewer, headers: [.init("Last-Event-ID")!: String(opened.last!.id)])
            let later = resumed.body.split(separator: "\n").filter { $0.hasPrefix("event: ") }.map { String($0.dropFirst(7)) }
            #expect(later == ["update", "alert_resolved", "resolved"])
        }
    }
}

@Suite struct SilenceTests {
    @Test(arguments: TestDatabase.allCases)
    func aSilenceMutesTheAlertsItMatchesUntilItEnds(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createContact(Contact(id: "li", name: "李雷", groups: ["sre"], addresses: [.sms: "+8613800000000"], createdAt: server.store.now()))
            let made = try await server.send(.post, "/api/v1/integrations", token: server.admin,
                                             json: #"{"name":"am","kind":"alertmanager","group_by":["alertname","instance"],"notify_group":"sre"}"#)
            let key = try #require(made.object["key"] as? String)
            let bad = try await server.send(.post, "/api/v1/silences", token: server.responder,
                                            json: #"{"matchers":[{"name":"instance","value":"db-(","is_regex":true}],"ends_at":"tomorrow"}"#)
            #expect(Set(bad.problemFields) == ["matchers[0].value", "ends_at", "comment"])
            let ends = ISO8601DateFormatter().string(from: server.store.now().addingTimeInterval(3600))
            let silence = try await server.send(
                .post, "/api/v1/silences", token: server.responder,
                json: #"{"matchers":[{"name":"alertname","value":"DiskFull"},{"name":"instance","value":"db-.*","is_regex":true}],"ends_at":"\#(ends)","comment":"扩容中"}"#)
            #expect(silence.status == .created, "\(silence.body)")
            let silenceID = try #require(silence.object["id"] as? String)

            func fire(_ instance: String) async throws {
                let payload = #"{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"DiskFull","instance":"\#(instance)"},"annotations":{"summary":"\#(instance) 磁盘将满"},"startsAt":"2026-11-22T08:00:00Z"}]}"#
                let reply = try await server.send(.post, "/api/v1/ingest/alertmanager?key=\(key)", json: payload)
                #expect(reply.status == .accepted)
            }
            try await fire("db-1")
            try await fire("web-1")
            #expect(try await server.store.deliveryCounts()[.sms]?[.pending] == 1, "only web-1 pages")
            let muted = try #require(try await server.store.incidents().first { $0.title == "db-1 磁盘将满" })
            let events = try await server.store.incidentEvents(incidentID: muted.id)
            #expect(events.contains { $0.kind == .silenced && $0.detail?.contains("扩容中") == true && $0.actor == "token:responder" })

            let expired = try await server.send(.delete, "/api/v1/silences/\(silenceID)", token: server.responder)
            #expect(expired.status == .ok)
            #expect((try await server.send(.get, "/api/v1/silences", token: server.viewer).object["silences"] as? [Any])?.isEmpty == true)
            try await fire("db-2")
            #expect(try await server.store.deliveryCounts()[.sms]?[.pending] == 2, "after it ends, alerts page again")
        }
    }
}

@Suite struct InhibitionTests {
    @Test(arguments: TestDatabase.allCases)
    func aCriticalAlertMutesWarningsAboutTheSameCluster(_ engine: TestDatabase) async throws {
        let configuration = try HeraldConfiguration.parse(yaml: """
            alerts:
              inhibit:
                - source: {severity: critical}
                  target: {severity: warning}
                  equal: [cluster]
            """)
        #expect(configuration.alerts.inhibitions.count == 1)
        try await TestServer.run(engine, configure: { $0.alerts = configuration.alerts }) { server in
            _ = try await server.store.createContact(Contact(id: "li", name: "李雷", groups: ["sre"], addresses: [.sms: "+8613800000000"], createdAt: server.store.now()))
            let made = try await server.send(.post, "/api/v1/integrations", token: server.admin,
                                             json: #"{"name":"am","kind":"alertmanager","group_by":["alertname","cluster"],"notify_group":"sre"}"#)
            let key = try #require(made.object["key"] as? String)
            for (name, severity, cluster) in [("DatabaseDown", "critical", "sh"), ("APIErrors", "warning", "sh"), ("APIErrors", "warning", "bj")] {
                let payload = #"{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"\#(name)","severity":"\#(severity)","cluster":"\#(cluster)"},"annotations":{"summary":"\#(name) \#(cluster)"},"startsAt":"2026-11-22T08:00:00Z"}]}"#
                #expect(try await server.send(.post, "/api/v1/ingest/alertmanager?key=\(key)", json: payload).status == .accepted)
            }
            #expect(try await server.store.deliveryCounts()[.sms]?[.pending] == 2, "the database page and the other cluster's warning")
            let muted = try #require(try await server.store.incidents().first { $0.title == "APIErrors sh" })
            let events = try await server.store.incidentEvents(incidentID: muted.id)
            #expect(events.contains { $0.kind == .silenced && $0.detail?.contains(#"inhibited while "DatabaseDown sh" is open"#) == true })
        }
    }

    @Test func flapProtectionIsConfiguredOrTurnedOff() throws {
        let tuned = try HeraldConfiguration.parse(yaml: "alerts:\n  flapping:\n    threshold: 4\n    window_minutes: 60\n    quiet_minutes: 20\n")
        #expect(tuned.alerts.flapping == FlapPolicy(threshold: 4, window: 3600, quiet: 1200))
        #expect(try HeraldConfiguration.parse(yaml: "alerts:\n  flapping: false\n").alerts.flapping == .off)
        #expect(try HeraldConfiguration.parse(yaml: "server:\n  port: 8080\n").alerts.flapping == FlapPolicy())
        do {
            _ = try HeraldConfiguration.parse(yaml: "alerts:\n  flapping:\n    threshold: 1\n    quiet: 5\n")
            Issue.record("a threshold of one and an unknown key were accepted")
        } catch let error as ConfigurationError {
            #expect(Set(error.errors.map(\.field)) == ["alerts.flapping.threshold", "alerts.flapping.quiet"])
        }
    }

    @Test func stormProtectionIsConfiguredPerTeamOrTurnedOff() throws {
        let tuned = try HeraldConfiguration.parse(yaml: """
            alerts:
              storm:
                threshold: 20
                window_minutes: 10
                teams:
                  payments: {threshold: 5, digest_minutes: 2}
            """)
        #expect(tuned.alerts.storm.policy(for: "sre") == StormPolicy(threshold: 20, window: 600, digestEvery: 300))
        #expect(tuned.alerts.storm.policy(for: "payments") == StormPolicy(threshold: 5, window: 600, digestEvery: 120), "a team's own, else the section's")
        #expect(try HeraldConfiguration.parse(yaml: "alerts:\n  storm: false\n").alerts.storm.policy(for: nil) == nil)
        #expect(try HeraldConfiguration.parse(yaml: "server:\n  port: 8080\n").alerts.storm.policy(for: nil) == StormPolicy(), "on by default: 10 in 5 minutes")
        do {
            _ = try HeraldConfiguration.parse(yaml: "alerts:\n  storm:\n    threshold: 1\n    teams:\n      ops: {digest_minutes: 0, wait: 3}\n")
            Issue.record("a threshold of one, a digest every 0 minutes and an unknown key were accepted")
        } catch let error as ConfigurationError {
            #expect(Set(error.errors.map(\.field)) == ["alerts.storm.threshold", "alerts.storm.teams.ops.digest_minutes", "alerts.storm.teams.ops.wait"])
        }
    }

    /// Through the server with the default settings: the eleventh new incident in five minutes
    /// begins a storm, and the events after it join the storm's incident.
    @Test(arguments: TestDatabase.allCases)
    func aBurstOfNewIncidentsTurnsIntoOneStormByDefault(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createContact(Contact(
                id: "oncall-li", name: "李雷", groups: ["sre"], addresses: [.sms: "+8613800000000"], createdAt: server.store.now()))
            let (_, key) = try await IngestTests.integration(server, kind: "pagerduty", groupBy: ["component"], notify: "sre")
            for index in 1...15 {
                let sent = try await server.send(
                    .post, "/v2/enqueue", json: IngestTests.pagerDuty(key, dedup: "svc-\(index)", summary: "服务 \(index) 不可用", component: "svc-\(index)"))
                #expect(sent.status == .accepted, "\(sent.body)")
            }
            let incidents = try await server.store.incidents()
            #expect(incidents.count == 11, "ten on their own, then the storm's")
            let storm = try #require(incidents.first { $0.title.contains("Alert storm") })
            #expect(try await server.store.alerts(incidentID: storm.id).count == 5)
            #expect(try await server.store.deliveryCounts()[.sms]?[.pending] == 11, "a page each for ten, one for the storm")
        }
    }

    @Test func anInhibitRuleNeedsItsSourceAndTarget() {
        #expect(throws: ConfigurationError.self) {
            try HeraldConfiguration.parse(yaml: "alerts:\n  inhibit:\n    - equal: [cluster]\n")
        }
    }
}

@Suite struct ScheduleTests {
    @Test(arguments: TestDatabase.allCases)
    func anEscalationStepPagesWhoeverIsOnCallIncludingOverrides(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createContact(Contact(id: "li", name: "李雷", addresses: [.sms: "+8613800000001"], createdAt: server.store.now()))
            _ = try await server.store.createContact(Contact(id: "wang", name: "王芳", addresses: [.sms: "+8613800000002"], createdAt: server.store.now()))
            let formatter = ISO8601DateFormatter()
            let start = formatter.string(from: server.store.now().addingTimeInterval(-86400))
            let bad = try await server.send(.post, "/api/v1/schedules", token: server.admin,
                                            json: #"{"id":"primary","name":"主值班","members":["li","ghost"],"start":"\#(start)","rotation_days":0,"time_zone":"Mars/Olympus"}"#)
            // The member who is not a contact is named with the fields' problems, in one answer.
            #expect(Set(bad.problemFields) == ["rotation_days", "time_zone", "members[1]"])
            let ghost = try await server.send(.post, "/api/v1/schedules", token: server.admin,
                                              json: #"{"id":"primary","name":"主值班","members":["li","ghost"],"start":"\#(start)"}"#)
            #expect(ghost.problemFields == ["members[1]"])
            let made = try await server.send(.post, "/api/v1/schedules", token: server.admin,
                                             json: #"{"id":"primary","name":"主值班","members":["li","wang"],"start":"\#(start)","rotation_days":7}"#)
            #expect(made.status == .created, "\(made.body)")
            #expect(made.object["on_call_now"] as? String == "li")
            let swap = try await server.send(
                .post, "/api/v1/schedules/primary/overrides", token: server.responder,
                json: #"{"contact":"wang","start":"\#(formatter.string(from: server.store.now().addingTimeInterval(-60)))","end":"\#(formatter.string(from: server.store.now().addingTimeInterval(3600)))"}"#)
            #expect(swap.object["on_call_now"] as? String == "wang")

            let integration = try await server.send(
                .post, "/api/v1/integrations", token: server.admin,
                json: #"{"name":"cron","kind":"generic","escalation":{"steps":[{"schedule":"primary","wait_minutes":5}]}}"#)
            let key = try #require(integration.object["key"] as? String)
            _ = try await server.send(.post, "/api/v1/ingest/generic?key=\(key)", json: #"{"dedup_key":"k","summary":"备份失败","severity":"critical"}"#)
            let pages = try await server.store.claimDeliveries(limit: 10)
            #expect(pages.map(\.address) == ["+8613800000002"], "the override's contact, not the rotation's")
        }
    }
}
