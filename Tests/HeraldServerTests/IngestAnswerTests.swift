import Foundation
import HeraldCore
import HeraldTestSupport
import Testing

/// Monitoring tools parse Herald's answers, so each format's answers are pinned byte for byte:
/// status, content type and body, for success, bad input, a wrong key, too many events and a body that is not JSON.
@Suite struct IngestAnswerTests {
    static let tooMany = ##"{"detail":"more alerts than this integration may send per minute","instance":"PATH","status":429,"title":"Too Many Requests","type":"about:blank"}"##
    static let notJSON = ##"{"detail":"body: is not valid JSON","errors":[{"field":"body","pointer":"#","reason":"is not valid JSON"}],"instance":"PATH","status":400,"title":"The request has invalid fields","type":"about:blank"}"##

    static func expect(_ reply: Reply, _ status: Int, _ contentType: String, _ body: String, path: String = "") {
        #expect(Int(reply.status.code) == status, "\(reply.body)")
        #expect(reply.headers[.contentType] == contentType)
        #expect(reply.body == body.replacingOccurrences(of: "PATH", with: path))
    }

    @Test func pagerDutyAnswersInPagerDutysShapes() async throws {
        try await TestServer.run(.sqlite, configure: { $0.alerts.perMinute = 1 }) { server in
            let (_, key) = try await IngestTests.integration(server, kind: "pagerduty", groupBy: ["component"])
            let json = "application/json"
            Self.expect(
                try await server.send(.post, "/v2/enqueue", json: IngestTests.pagerDuty(key, dedup: "pay-5xx")), 202, json,
                ##"{"dedup_key":"pay-5xx","message":"Event processed","status":"success"}"##)
            Self.expect(
                try await server.send(.post, "/v2/enqueue", json: IngestTests.pagerDuty(key, dedup: "pay-5xx")), 429, json,
                ##"{"message":"Requests for this service are arriving too quickly. Please retry later.","status":"throttle event"}"##)
            Self.expect(
                try await server.send(.post, "/v2/enqueue", json: ##"{"event_action":"trigger","payload":{"summary":1}}"##), 400, json,
                ##"{"errors":["'routing_key' is missing","'payload.summary' must be a string","'payload.source' is missing","'payload.severity' is missing"],"message":"Event object is invalid","status":"invalid event"}"##)
            Self.expect(
                try await server.send(.post, "/v2/enqueue", json: "[1]"), 400, json,
                ##"{"errors":["Event object must be a JSON object"],"message":"Event object is invalid","status":"invalid event"}"##)
            Self.expect(
                try await server.send(.post, "/v2/enqueue", json: "{"), 400, json,
                ##"{"errors":["Event object is not valid JSON"],"message":"Event object is invalid","status":"invalid event"}"##)
            Self.expect(
                try await server.send(.post, "/v2/enqueue", json: IngestTests.pagerDuty(String(repeating: "0", count: 32))), 400, json,
                ##"{"errors":["'routing_key' does not belong to a PagerDuty integration"],"message":"Event object is invalid","status":"invalid event"}"##)
            let throttled = try await server.send(.post, "/v2/enqueue", json: IngestTests.pagerDuty(key, dedup: "pay-5xx"))
            #expect(throttled.headers[.retryAfter] == "60")
        }
    }

    @Test func alertmanagerAndGrafanaAnswerWithCountsAndProblems() async throws {
        try await TestServer.run(.sqlite, configure: { $0.alerts.perMinute = 1 }) { server in
            let path = "/api/v1/ingest/alertmanager"
            let (_, key) = try await IngestTests.integration(server, kind: "alertmanager", groupBy: ["alertname"])
            Self.expect(
                try await server.send(.post, "\(path)?key=\(key)", json: IngestTests.firing), 202, "application/json; charset=utf-8",
                ##"{"alerts":2,"outcomes":{"grouped":1,"opened":1},"status":"success"}"##)
            Self.expect(try await server.send(.post, "\(path)?key=\(key)", json: IngestTests.firing), 429, "application/problem+json", Self.tooMany, path: path)
            Self.expect(
                try await server.send(.post, path, json: IngestTests.firing), 401, "application/problem+json",
                ##"{"detail":"send a alertmanager integration's key as Authorization: Bearer KEY or ?key=KEY","instance":"PATH","status":401,"title":"Unauthorized","type":"about:blank"}"##,
                path: path)
            Self.expect(try await server.send(.post, "\(path)?key=\(key)", json: "{"), 400, "application/problem+json", Self.notJSON, path: path)
            Self.expect(
                try await server.send(.post, "\(path)?key=\(key)", json: ##"{"version":"3"}"##), 400, "application/problem+json",
                ##"{"detail":"version: must be \"4\" (Alertmanager's webhook format), got \"3\"; alerts: is required","errors":[{"field":"version","pointer":"#/version","reason":"must be \"4\" (Alertmanager's webhook format), got \"3\""},{"field":"alerts","pointer":"#/alerts","reason":"is required"}],"instance":"PATH","status":400,"title":"The request has invalid fields","type":"about:blank"}"##,
                path: path)

            let grafana = "/api/v1/ingest/grafana"
            let made = try await server.send(
                .post, "/api/v1/integrations", token: server.admin,
                json: ##"{"name":"grafana","kind":"grafana","signing_secret":"grafana-hmac-secret-0123"}"##)
            let signed = try #require(made.object["key"] as? String)
            Self.expect(
                try await server.send(.post, "\(grafana)?key=\(signed)", json: MoreIngestTests.grafana), 401, "application/problem+json",
                ##"{"detail":"the X-Grafana-Alerting-Signature does not match the integration's signing secret","instance":"PATH","status":401,"title":"Unauthorized","type":"about:blank"}"##,
                path: grafana)
        }
    }

    @Test func theGenericFormatAnswersWithWhatTheEventDid() async throws {
        try await TestServer.run(.sqlite) { server in
            let path = "/api/v1/ingest/generic"
            let made = try await server.send(.post, "/api/v1/integrations", token: server.admin, json: ##"{"name":"cron","kind":"generic"}"##)
            let key = try #require(made.object["key"] as? String)
            let opened = try await server.send(.post, "\(path)?key=\(key)", json: ##"{"dedup_key":"backup","summary":"备份失败"}"##)
            let incident = try #require(try await server.store.incidents().first?.id)
            Self.expect(opened, 202, "application/json; charset=utf-8", ##"{"dedup_key":"backup","incident_id":"\##(incident)","outcome":"opened"}"##)
            Self.expect(
                try await server.send(.post, "\(path)?key=\(key)", json: ##"{"action":"resolve","dedup_key":"never"}"##), 202,
                "application/json; charset=utf-8", ##"{"dedup_key":"never","outcome":"dropped"}"##)
            Self.expect(try await server.send(.post, "\(path)?key=\(key)", json: ""), 400, "application/problem+json", Self.notJSON, path: path)
            Self.expect(
                try await server.send(.post, "\(path)?key=\(key)", json: ##"{"dedup_key":"k","summary":"s","colour":"red"}"##), 400,
                "application/problem+json",
                ##"{"detail":"colour: is not a known field","errors":[{"field":"colour","pointer":"#/colour","reason":"is not a known field"}],"instance":"PATH","status":400,"title":"The request has invalid fields","type":"about:blank"}"##,
                path: path)
        }
    }
}
