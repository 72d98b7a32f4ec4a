import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// Heartbeat monitors over real HTTP: made and managed through the admin API and the console,
/// beaten at `/hb/{key}`.
@Suite struct HeartbeatAPITests {
    static func team(_ server: TestServer) async throws {
        _ = try await server.store.createContact(Contact(id: "li", name: "李雷", addresses: [.sms: "+8613800000001"], createdAt: server.store.now()))
        _ = try await server.store.saveTeam(Team(id: "sre", name: "SRE", escalation: EscalationPolicy(steps: [EscalationStep(target: .contact("li"), waitMinutes: 5)])))
    }

    @Test(arguments: TestDatabase.allCases)
    func badInputIsNamedFieldByFieldInOnePass(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let bad = try await server.send(
                .post, "/api/v1/heartbeats", token: server.responder,
                json: #"{"name":"Nightly Backup","period_seconds":5,"grace_seconds":-1,"team":"nobody","labels":{"x":1},"severity":"urgent","colour":"red"}"#)
            #expect(bad.status == .badRequest)
            #expect(bad.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(Set(bad.problemFields) == ["name", "period_seconds", "grace_seconds", "team", "labels.x", "severity", "colour"])
            let nothing = try await server.send(.post, "/api/v1/heartbeats", token: server.responder, json: #"{"name":"backup"}"#)
            #expect(Set(nothing.problemFields) == ["period_seconds", "team"], "a period is required, and a way to route")
            #expect(try await server.store.heartbeats(page: PageRequest()).items.isEmpty, "nothing of a refused body is stored")
            let viewer = try await server.send(.post, "/api/v1/heartbeats", token: server.viewer, json: #"{"name":"backup","period_seconds":60,"team":"sre"}"#)
            #expect(viewer.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aJobBeatsItsURLAndAFailureOpensAnIncidentAtOnce(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine, configure: { $0.publicURL = "https://herald.example.cn/"; $0.alerts.perMinute = 3 }) { server in
            try await Self.team(server)
            let created = try await server.send(
                .post, "/api/v1/heartbeats", token: server.responder,
                json: #"{"name":"nightly-backup","period_seconds":86400,"grace_seconds":1800,"team":"sre","labels":{"component":"backup"}}"#)
            #expect(created.status == .created, "\(created.body)")
            let key = try #require(created.object["key"] as? String)
            let id = try #require(created.object["id"] as? String)
            #expect(created.object["url"] as? String == "https://herald.example.cn/hb/\(key)")
            #expect(created.object["state"] as? String == "waiting" && created.object["severity"] as? String == "high")
            let again = try await server.send(.post, "/api/v1/heartbeats", token: server.responder, json: #"{"name":"nightly-backup","period_seconds":60,"team":"sre"}"#)
            #expect(again.status == .conflict && again.problemFields == ["name"])

            let beat = try await server.send(.get, "/hb/\(key)")
            #expect(beat.status == .ok && beat.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(beat.object["status"] as? String == "ok" && beat.object["outcome"] as? String == "on_time" && beat.object["state"] as? String == "up")
            #expect(beat.object["next_beat_by"] as? String == "2026-11-23T00:30:00Z", "a day and the grace after the beat")

            let unknown = try await server.send(.post, "/hb/0123456789abcdef0123456789abcdef")
            #expect(unknown.status == .notFound && unknown.headers[.contentType]?.hasPrefix("application/problem+json") == true)

            let failed = try await server.send(.post, "/hb/\(key)/fail")
            #expect(failed.object["outcome"] as? String == "failed")
            let incidentID = try #require(failed.object["incident_id"] as? String)
            let incident = try await server.store.incident(id: incidentID)
            #expect(incident.teamID == "sre" && incident.title == "心跳 nightly-backup 报告失败")
            #expect(try await server.store.deliveryCounts()[.sms]?[.pending] == 1, "paged like any alert")
            let repeated = try await server.send(.post, "/hb/\(key)?status=fail")
            #expect(repeated.object["outcome"] as? String == "unchanged")

            let throttled = try await server.send(.get, "/hb/\(key)")
            #expect(throttled.status == .tooManyRequests, "over alerts.rate_per_minute, as other ingest")

            let listed = try await server.send(.get, "/api/v1/heartbeats", token: server.viewer)
            let monitors = try #require(listed.object["heartbeats"] as? [[String: Any]])
            #expect(monitors.count == 1 && monitors.first?["state"] as? String == "failed" && monitors.first?["key"] == nil, "the key is never shown again")
            #expect(listed.object.keys.contains("next"))

            let paused = try await server.send(.post, "/api/v1/heartbeats/\(id)/pause", token: server.responder)
            #expect(paused.object["paused"] as? Bool == true)
            let resumed = try await server.send(.post, "/api/v1/heartbeats/\(id)/resume", token: server.responder)
            #expect(resumed.object["paused"] as? Bool == false)
            #expect(try await server.send(.delete, "/api/v1/heartbeats/\(id)", token: server.viewer).status == .forbidden)
            #expect(try await server.send(.delete, "/api/v1/heartbeats/\(id)", token: server.responder).status == .noContent)
            #expect(try await server.send(.get, "/api/v1/heartbeats/\(id)", token: server.viewer).status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theConsoleListsMonitorsAndRespondersAddPauseAndDeleteThem(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine, configure: { $0.publicURL = "https://herald.example.cn" }) { server in
            try await Self.team(server)
            let responder = try await server.consoleUser(.responder)
            let viewer = try await server.consoleUser(.viewer)

            let refused = try await server.post(
                "/console/heartbeats?lang=en", as: responder,
                form: ["name": "Backup!", "period_minutes": "abc", "grace_minutes": "1", "team": "", "labels": "no equals sign", "severity": "high"])
            #expect(refused.status == .unprocessableContent)
            for field in ["name", "period_minutes", "labels"] { #expect(refused.body.contains("f-\(field)-error"), "\(field) has its problem beside it") }
            #expect(refused.body.contains("value=\"Backup!\""), "what was typed is kept")

            let made = try await server.post(
                "/console/heartbeats?lang=en", as: responder,
                form: ["name": "nightly-backup", "period_minutes": "5", "grace_minutes": "2", "team": "sre", "labels": "component=backup", "severity": "medium"])
            #expect(made.status == .ok, "\(made.body)")
            #expect(made.body.contains("curl -fsS -m 10 --retry 3 https://herald.example.cn/hb/"), "the URL is shown once, with a curl line")
            let monitor = try #require(try await server.store.heartbeats(page: PageRequest()).items.first)
            #expect(monitor.period == 300 && monitor.grace == 120 && monitor.labels == ["component": "backup"] && monitor.severity == .medium)

            let english = try await server.get("/console/heartbeats?lang=en", as: viewer)
            #expect(english.body.contains("nightly-backup") && english.body.contains("waiting for the first beat"))
            #expect(english.body.contains("every 5 minutes + 2 minutes grace") && english.body.contains("/hb/…\(monitor.keyHint)"))
            #expect(!english.body.contains("action=\"/console/heartbeats\""), "a viewer gets no add form")
            let chinese = try await server.get("/console/heartbeats?lang=zh-CN", as: viewer)
            #expect(chinese.body.contains("等待第一次心跳") && chinese.body.contains("每 5 分钟一次（宽限 2 分钟）"))
            #expect(try await server.post("/console/heartbeats/\(monitor.id)/pause", as: viewer, form: [:]).status == .forbidden)

            let paused = try await server.post("/console/heartbeats/\(monitor.id)/pause", as: responder, form: [:])
            #expect(paused.status == .seeOther)
            #expect(try await server.store.heartbeat(id: monitor.id).paused)
            #expect(try await server.get("/console/heartbeats?lang=en&done=paused", as: viewer).body.contains("Monitor paused"))
            _ = try await server.post("/console/heartbeats/\(monitor.id)/delete", as: responder, form: [:])
            #expect(try await server.store.heartbeats(page: PageRequest()).items.isEmpty)
        }
    }
}
