import Foundation
import HeraldCore
@testable import HeraldServer
import HeraldStore
import HeraldTestSupport
import Testing

/// Nightingale (夜莺) alert events, as its v7 webhook and callback senders post them, through the real server on both databases.
@Suite struct NightingaleTests {
    static let firing = #"""
        {"id":1097371,"cate":"prometheus","cluster":"prom","datasource_id":1,"group_id":2,"group_name":"DBA-Postgres","hash":"54f5543591c6dc0e30139cae196a1eee","rule_id":54,"rule_name":"cpu high","rule_note":"","rule_prod":"metric","rule_algo":"","severity":2,"prom_for_duration":60,"prom_ql":"cpu_usage_active{ident=\"db01\"} > 80","rule_config":{"queries":[{"prom_ql":"cpu_usage_active{ident=\"db01\"} > 80","severity":2}]},"prom_eval_interval":15,"callbacks":[],"runbook_url":"","notify_recovered":1,"notify_channels":["email"],"notify_groups":["1"],"notify_groups_obj":null,"target_ident":"db01","target_note":"","trigger_time":1749180264,"trigger_value":"93.07","trigger_values":"","trigger_values_json":{"values_with_unit":{"v":{"value":93.0686,"unit":"","text":"93.07","stat":93.0686}}},"tags":["__name__=cpu_usage_active","cpu=cpu-total","ident=db01","rulename=cpu high"],"tags_map":{"__name__":"cpu_usage_active","cpu":"cpu-total","ident":"db01","rulename":"cpu high"},"original_tags":[""],"annotations":{},"is_recovered":false,"notify_users_obj":null,"last_eval_time":1749180264,"last_sent_time":1749180264,"notify_cur_number":1,"first_trigger_time":1749180264,"extra_config":null,"status":0,"claimant":"","sub_rule_id":0,"extra_info":null,"target":null,"recover_config":{"judge_type":0,"recover_exp":""},"rule_hash":"dc128d86d65326499bd03ecfbe56e4c3","extra_info_map":null}
        """#
    static let recovered = #"""
        {"id":1097502,"cate":"prometheus","cluster":"prom","datasource_id":1,"group_id":2,"group_name":"DBA-Postgres","hash":"54f5543591c6dc0e30139cae196a1eee","rule_id":54,"rule_name":"cpu high","rule_note":"","rule_prod":"metric","rule_algo":"","severity":2,"prom_for_duration":60,"prom_ql":"cpu_usage_active{ident=\"db01\"} > 80","rule_config":{"queries":[{"prom_ql":"cpu_usage_active{ident=\"db01\"} > 80","severity":2}]},"prom_eval_interval":15,"callbacks":[],"runbook_url":"","notify_recovered":1,"notify_channels":["email"],"notify_groups":["1"],"notify_groups_obj":null,"target_ident":"db01","target_note":"","trigger_time":1749180264,"trigger_value":"41.2","trigger_values":"","trigger_values_json":{"values_with_unit":{}},"tags":["__name__=cpu_usage_active","cpu=cpu-total","ident=db01","rulename=cpu high"],"tags_map":{"__name__":"cpu_usage_active","cpu":"cpu-total","ident":"db01","rulename":"cpu high"},"original_tags":[""],"annotations":{},"is_recovered":true,"notify_users_obj":null,"last_eval_time":1749180924,"last_sent_time":1749180264,"notify_cur_number":1,"first_trigger_time":1749180264,"extra_config":null,"status":0,"claimant":"","sub_rule_id":0,"extra_info":null,"target":null,"recover_config":{"judge_type":0,"recover_exp":""},"rule_hash":"dc128d86d65326499bd03ecfbe56e4c3","extra_info_map":null}
        """#
    static let path = "/api/v1/ingest/nightingale"

    /// The same event about another host, at another severity.
    static func event(_ json: String, host: String, severity: Int) -> String {
        json.replacingOccurrences(of: "db01", with: host).replacingOccurrences(of: "54f5543591c6dc0e30139cae196a1eee", with: "hash-\(host)")
            .replacingOccurrences(of: #""severity":2"#, with: #""severity":\#(severity)"#)
    }

    static func integration(_ server: TestServer) async throws -> String {
        _ = try await server.store.createContact(Contact(
            id: "li", name: "李雷", groups: ["dba"], addresses: [.sms: "+8613800000000", .email: "li@example.com"], createdAt: server.store.now()))
        let made = try await server.send(
            .post, "/api/v1/integrations", token: server.admin, json: #"{"name":"n9e","kind":"nightingale","notify_group":"dba"}"#)
        #expect(made.status == .created, "\(made.body)")
        return try #require(made.object["key"] as? String)
    }

    static func basic(_ password: String) -> String {
        "Basic " + Data("n9e:\(password)".utf8).base64EncodedString()
    }

    @Test(arguments: TestDatabase.allCases)
    func aFiringEventOpensAnIncidentAndPagesAndItsRecoveryResolvesIt(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let key = try await Self.integration(server)
            // Nightingale's global webhooks send basic auth when a user and password are set.
            let fired = try await server.send(.post, Self.path, json: Self.firing, headers: [.authorization: Self.basic(key)])
            #expect(fired.status == .accepted, "\(fired.body)")
            #expect(fired.body == #"{"alerts":1,"outcomes":{"opened":1},"status":"success"}"#)
            let incident = try #require(try await server.store.incidents().first)
            #expect(incident.title == "cpu high: db01")
            #expect(incident.severity == .medium, "severity 2 is Warning")
            let alert = try #require(try await server.store.alerts(incidentID: incident.id).first)
            #expect(alert.dedupKey == "54f5543591c6dc0e30139cae196a1eee")
            #expect(alert.source == "db01")
            #expect(alert.labels == [
                "__name__": "cpu_usage_active", "cpu": "cpu-total", "ident": "db01", "rulename": "cpu high",
                "rule_name": "cpu high", "target_ident": "db01", "group_name": "DBA-Postgres", "cluster": "prom",
            ])
            #expect(try await server.store.deliveryCounts()[.email]?[.pending] == 1, "the notify group is paged, on medium severity's channel")

            // A repeat notification of the same alert (notify_cur_number 2), by a custom header.
            let repeated = Self.firing.replacingOccurrences(of: #""notify_cur_number":1"#, with: #""notify_cur_number":2"#)
            let again = try await server.send(.post, Self.path, json: repeated, headers: [.authorization: "Bearer \(key)"])
            #expect(again.body == #"{"alerts":1,"outcomes":{"repeated":1},"status":"success"}"#)
            #expect(try await server.store.deliveryCounts()[.email]?[.pending] == 1)

            // The recovery has a new id and the same hash; rule callbacks send no headers, so the key is in the URL.
            let done = try await server.send(.post, "\(Self.path)?key=\(key)", json: Self.recovered)
            #expect(done.body == #"{"alerts":1,"outcomes":{"resolved":1},"status":"success"}"#)
            #expect(try await server.store.incident(id: incident.id).status == .resolved)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anArrayOfEventsIsAppliedEventByEventAndGradedByHeraldsRules(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let key = try await Self.integration(server)
            let batch = "[" + [(1, "db01"), (2, "db02"), (3, "db03")].map { Self.event(Self.firing, host: $0.1, severity: $0.0) }.joined(separator: ",") + "]"
            let fired = try await server.send(.post, "\(Self.path)?key=\(key)", json: batch)
            #expect(fired.status == .accepted, "\(fired.body)")
            #expect(fired.body == #"{"alerts":3,"outcomes":{"grouped":2,"opened":1},"status":"success"}"#, "one rule: one incident")
            let incident = try #require(try await server.store.incidents().first)
            #expect(incident.severity == .high, "severity 1 is Emergency, the worst of the three")
            let alerts = try await server.store.alerts(incidentID: incident.id)
            #expect(Dictionary(uniqueKeysWithValues: alerts.map { ($0.source ?? "", $0.severity) }) == ["db01": .high, "db02": .medium, "db03": .low])
            #expect(try await server.store.deliveryCounts()[.sms]?[.pending] == 1, "the first event is an emergency: paged by SMS too")

            let recoveries = "[" + [(1, "db01"), (2, "db02"), (3, "db03")].map { Self.event(Self.recovered, host: $0.1, severity: $0.0) }.joined(separator: ",") + "]"
            let done = try await server.send(.post, "\(Self.path)?key=\(key)", json: recoveries)
            #expect(done.body == #"{"alerts":3,"outcomes":{"resolved":3},"status":"success"}"#)
            #expect(try await server.store.incident(id: incident.id).status == .resolved)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func badEventsNameEveryBadFieldStoreNothingAndWrongKeysAreRefused(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let key = try await Self.integration(server)
            let bad = #"[\#(Self.firing),{"hash":"","severity":4,"is_recovered":"no","tags":["ident=db01","nope",7],"tags_map":{"cpu":1},"trigger_time":"now"},5]"#
            let refused = try await server.send(.post, "\(Self.path)?key=\(key)", json: bad)
            #expect(refused.status == .badRequest)
            #expect(refused.headers[.contentType] == "application/problem+json")
            #expect(Set(refused.problemFields) == [
                "[1].hash", "[1].rule_name", "[1].severity", "[1].is_recovered", "[1].tags[1]", "[1].tags[2]", "[1].tags_map.cpu", "[1].trigger_time", "[2]",
            ])
            #expect(try await server.store.incidents().isEmpty, "the good event of a refused batch is not stored either")
            let single = try await server.send(.post, "\(Self.path)?key=\(key)", json: #"{"rule_name":"cpu high"}"#)
            #expect(Set(single.problemFields) == ["hash", "severity", "is_recovered", "trigger_time"])
            #expect(try await server.send(.post, "\(Self.path)?key=\(key)", json: "\"firing\"").problemFields == ["body"])
            #expect(try await server.send(.post, "\(Self.path)?key=\(key)", json: "{").problemFields == ["body"])

            #expect(try await server.send(.post, Self.path, json: Self.firing).status == .unauthorized)
            let wrong = try await server.send(.post, Self.path, json: Self.firing, headers: [.authorization: Self.basic("not-the-key")])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains("the password of HTTP Basic authentication"), "\(wrong.body)")
            let other = try await server.send(.post, "/api/v1/integrations", token: server.admin, json: #"{"name":"kuma","kind":"uptime-kuma"}"#)
            let otherKey = try #require(other.object["key"] as? String)
            #expect(try await server.send(.post, "\(Self.path)?key=\(otherKey)", json: Self.firing).status == .unauthorized)
            #expect(try await server.store.incidents().isEmpty)
        }
    }

    @Test func aFiringEventStartsWhenItFirstFiredAndARecoveryWhenItWasSeen() throws {
        func occurred(_ json: String) throws -> Date? {
            try NightingaleEvents().read(try IngestBody.json(Data(json.utf8)), now: TestServer.today).alerts.first?.occurredAt
        }
        let later = Self.firing.replacingOccurrences(of: #""trigger_time":1749180264"#, with: #""trigger_time":1749180564"#)
        #expect(try occurred(later) == Date(timeIntervalSince1970: 1_749_180_264), "first_trigger_time")
        #expect(try occurred(Self.recovered) == Date(timeIntervalSince1970: 1_749_180_924), "last_eval_time")
    }
}
