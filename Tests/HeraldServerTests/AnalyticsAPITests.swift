import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// MTTA and MTTR over the API, from incidents opened, acknowledged and resolved as responders do it.
@Suite struct AnalyticsAPITests {
    /// Three payments incidents in March (acknowledged after 2 and 6 minutes, one never; resolved
    /// after 30 and 50 minutes) and one database incident in April, on the server's clock.
    static func seed(_ server: TestServer, clock: TestClock) async throws {
        let store = server.store
        let integration = try await store.createIntegration(name: "prometheus", kind: .alertmanager, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: nil).integration
        func open(_ key: String, team: String) async throws -> String {
            let route = AlertRoute(matchers: [LabelMatcher(name: "team", value: team)], team: team)
            let result = try await store.ingest(
                IncomingAlert(action: .trigger, dedupKey: key, summary: key, labels: ["alertname": key, "team": team], occurredAt: clock.now()),
                integration: integration, severity: .high, route: route)
            return try #require(result.incidentID)
        }
        _ = try await store.saveTeam(Team(id: "payments", name: "支付组", escalation: EscalationPolicy(steps: [])))
        _ = try await store.saveTeam(Team(id: "dba", name: "数据库组", escalation: EscalationPolicy(steps: [])))
        let a = try await open("a", team: "payments")
        let b = try await open("b", team: "payments")
        let c = try await open("c", team: "payments")
        clock.advance(by: 120)
        #expect(try await server.send(.post, "/api/v1/incidents/\(a)/acknowledge", token: server.responder).status == .ok)
        clock.advance(by: 240)
        #expect(try await server.send(.post, "/api/v1/incidents/\(b)/acknowledge", token: server.responder).status == .ok)
        clock.advance(by: 1440)  // 30 minutes after the three opened
        let resolve = #"{"status": "resolved", "message": "已恢复"}"#
        #expect(try await server.send(.post, "/api/v1/incidents/\(a)/updates", token: server.responder, json: resolve).status == .created)
        clock.advance(by: 1200)
        #expect(try await server.send(.post, "/api/v1/incidents/\(c)/updates", token: server.responder, json: resolve).status == .created)
        clock.advance(by: 35 * 86_400)
        let d = try await open("d", team: "dba")
        clock.advance(by: 60)
        #expect(try await server.send(.post, "/api/v1/incidents/\(d)/acknowledge", token: server.responder).status == .ok)
    }

    static let start = RFC3339.parse("2026-03-10T10:00:00+08:00")!

    @Test(arguments: TestDatabase.allCases)
    func responseTimesArePerTeamAndMonthWithTheirDefinitions(_ engine: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await TestServer.run(engine, now: clock.now) { server in
            try await Self.seed(server, clock: clock)
            let reply = try await server.send(
                .get, "/api/v1/analytics/response?by=team&period=month&zone=Asia/Shanghai&since=2026-03-01T00:00:00%2B08:00",
                token: server.viewer)
            #expect(reply.status == .ok, "\(reply.body)")
            let report = reply.object
            #expect(report["zone"] as? String == "Asia/Shanghai")
            #expect((report["definitions"] as? [String: [String: String]])?["mtta"] == ["from": "detected", "to": "acknowledged"])
            let rows = try #require(report["rows"] as? [[String: Any]])
            #expect(rows.map { "\($0["period"] ?? "")/\($0["group"] ?? "")" } == ["2026-03-01/payments", "2026-04-01/dba"])
            let march = rows[0]
            #expect(march["incidents"] as? Int == 3)
            let mtta = try #require(march["mtta"] as? [String: Any])
            #expect(mtta["count"] as? Int == 2, "the incident nobody acknowledged is not in MTTA")
            #expect(mtta["mean_seconds"] as? Double == 240)
            #expect(mtta["median_seconds"] as? Double == 120)
            #expect(mtta["p90_seconds"] as? Double == 360)
            let mttr = try #require(march["mttr"] as? [String: Any])
            #expect(mttr["count"] as? Int == 2, "the open incident is not in MTTR")
            #expect(mttr["mean_seconds"] as? Double == 2400)
            #expect((rows[1]["mtta"] as? [String: Any])?["mean_seconds"] as? Double == 60)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theReportIsACSVForASpreadsheet(_ engine: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await TestServer.run(engine, now: clock.now) { server in
            try await Self.seed(server, clock: clock)
            let reply = try await server.send(.get, "/api/v1/analytics/response?by=all&period=all&format=csv", token: server.viewer)
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = reply.body.split(separator: "\r\n").map(String.init)
            #expect(lines.first == "group,period,incidents,mtta_count,mtta_mean_seconds,mtta_median_seconds,mtta_p90_seconds,mttr_count,mttr_mean_seconds,mttr_median_seconds,mttr_p90_seconds,mttd_count,mttd_mean_seconds,mttd_median_seconds,mttd_p90_seconds,mttm_count,mttm_mean_seconds,mttm_median_seconds,mttm_p90_seconds")
            #expect(lines.dropFirst().first == "all,,4,3,180,120,360,2,2400,1800,3000,0,,,,0,,,", "nobody set an impact start: no MTTD, no time to mitigate")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func everyWrongParameterIsNamedInOneAnswer(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let reply = try await server.send(
                .get, "/api/v1/analytics/response?by=planet&period=year&zone=Mars/Olympus&since=yesterday&format=pdf", token: server.viewer)
            #expect(reply.status == .badRequest)
            #expect(reply.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(Set(reply.problemFields) == ["by", "period", "zone", "since", "format"])
            #expect(try await server.send(.get, "/api/v1/analytics/response").status == .unauthorized)
        }
    }

    /// The delivery report through the API: a page to two people, one sent and one refused, as
    /// JSON with every key and as CSV; bad parameters all named at once.
    @Test(arguments: TestDatabase.allCases)
    func theDeliveryReportIsPerChannelAsJSONOrCSV(_ engine: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await TestServer.run(engine, now: clock.now) { server in
            try await server.store.enqueue(["li", "han"].map { person in
                NewDelivery(idempotencyKey: "incident:i1:step-0:\(person):sms", channel: .sms, address: "+8613800000000", severity: .high, body: "支付网关故障")
            })
            clock.advance(by: 3)
            for delivery in try await server.store.claimDeliveries(limit: 10) {
                let outcome: SendOutcome = delivery.idempotencyKey.contains(":li:") ? .sent(providerID: "m1", cost: 0.07) : .permanent(reason: "invalid number")
                try await server.store.recordAttempt(deliveryID: delivery.id, outcome: outcome, latency: .zero)
            }
            let json = try await server.send(.get, "/api/v1/analytics/deliveries?zone=Asia/Shanghai", token: server.viewer)
            #expect(json.status == .ok, "\(json.body)")
            let channels = try #require(json.object["channels"] as? [[String: Any]])
            #expect(channels.count == 1 && channels[0]["channel"] as? String == "sms")
            #expect(channels[0]["sent"] as? Int == 1 && channels[0]["failed"] as? Int == 1 && channels[0]["success_rate"] as? Double == 0.5)
            let toSent = try #require(channels[0]["to_sent"] as? [String: Any])
            #expect(toSent["p50_seconds"] as? Double == 3 && toSent["p95_seconds"] as? Double == 3)
            let toConfirmed = try #require(channels[0]["to_confirmed"] as? [String: Any])
            #expect(toConfirmed["count"] as? Int == 0 && toConfirmed["p50_seconds"] is NSNull, "no receipt yet: null, not missing")
            #expect((json.object["since"] as? String)?.hasSuffix("+08:00") == true)

            let csv = try await server.send(.get, "/api/v1/analytics/deliveries?format=csv", token: server.viewer)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.body.split(separator: "\r\n").map(String.init)
            #expect(lines == [
                "channel,queued,sent,failed,pending,withdrawn,fallbacks,success_rate,to_sent_count,to_sent_p50_seconds,to_sent_p95_seconds,to_confirmed_count,to_confirmed_p50_seconds,to_confirmed_p95_seconds,cost",
                "sms,2,1,1,0,0,0,0.5000,1,3.000,3.000,0,,,0.0700",
            ])
            let bad = try await server.send(.get, "/api/v1/analytics/deliveries?zone=Mars&until=soon&format=xml", token: server.viewer)
            #expect(bad.status == .badRequest && Set(bad.problemFields) == ["zone", "until", "format"])
        }
    }
}
