import Foundation
import HeraldCore
@testable import HeraldServer
import HeraldStore
import HeraldTestSupport
import Testing

/// Uptime Kuma's webhook notification, as its `webhook.js` sends it, through the real server on both databases.
@Suite struct UptimeKumaTests {
    // Uptime Kuma 2.x, an HTTP monitor going down and coming back (monitor trimmed in the second).
    static let down = #"""
        {"heartbeat":{"monitorID":7,"status":0,"time":"2024-01-02 03:04:05.678","msg":"Request failed with status code 503","important":true,"retries":0,"timezone":"Asia/Shanghai","timezoneOffset":"+08:00","localDateTime":"2024-01-02 11:04:05"},
         "monitor":{"id":7,"name":"API prod","description":null,"path":["API prod"],"pathName":"API prod","parent":null,"childrenIDs":[],"url":"https://api.example.com/health","method":"GET","hostname":null,"port":null,"maxretries":0,"weight":2000,"active":true,"forceInactive":false,"type":"http","subtype":null,"timeout":48,"interval":60,"retryInterval":60,"resendInterval":0,"keyword":null,"invertKeyword":false,"expiryNotification":false,"ignoreTls":false,"upsideDown":false,"maxredirects":10,"accepted_statuscodes":["200-299"],"notificationIDList":{"1":true},"tags":[{"tag_id":1,"monitor_id":7,"value":"prod","name":"env","color":"#059669"}],"maintenance":false,"includeSensitiveData":false},
         "msg":"[API prod] [🔴 Down] Request failed with status code 503"}
        """#
    static let up = #"""
        {"heartbeat":{"monitorID":7,"status":1,"time":"2024-01-02 03:09:05.912","msg":"200 - OK","ping":142,"important":true,"retries":0,"timezone":"Asia/Shanghai","timezoneOffset":"+08:00","localDateTime":"2024-01-02 11:09:05","lastDownTime":"2024-01-02 03:04:05.678"},
         "monitor":{"id":7,"name":"API prod","url":"https://api.example.com/health","hostname":null,"port":null,"type":"http","active":true,"interval":60,"tags":[],"maintenance":false,"includeSensitiveData":false},
         "msg":"[API prod] [✅ Up] 200 - OK"}
        """#
    // Uptime Kuma 1.23, a ping monitor: a hostname, a bare "https://" for its URL.
    static let routerDown = #"""
        {"heartbeat":{"monitorID":3,"status":0,"time":"2023-11-05 10:00:00.123","msg":"timeout of 48000ms exceeded","ping":null,"important":true,"duration":60,"timezone":"UTC","timezoneOffset":"+00:00","localDateTime":"2023-11-05 10:00:00"},"monitor":{"id":3,"name":"Router","url":"https://","hostname":"10.0.0.1","port":null,"type":"ping"},"msg":"[Router] [🔴 Down] timeout of 48000ms exceeded"}
        """#
    static let test = #"{"heartbeat":null,"monitor":null,"msg":"Ops webhook Testing"}"#
    static let path = "/api/v1/ingest/uptime-kuma"

    static func integration(_ server: TestServer) async throws -> String {
        _ = try await server.store.createContact(Contact(
            id: "li", name: "李雷", groups: ["sre"], addresses: [.email: "li@example.com"], createdAt: server.store.now()))
        let made = try await server.send(
            .post, "/api/v1/integrations", token: server.admin, json: #"{"name":"kuma","kind":"uptime-kuma","notify_group":"sre"}"#)
        #expect(made.status == .created, "\(made.body)")
        #expect((made.object["integration"] as? [String: Any])?["group_by"] as? [String] == ["monitor"])
        return try #require(made.object["key"] as? String)
    }

    /// The form-data mode: one field `data` holding the JSON, as the form-data package writes it.
    static func form(_ json: String, boundary: String = "--------------------------473829104857362910473829") -> (body: String, type: String) {
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n\(json)\r\n--\(boundary)--\r\n"
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    @Test(arguments: TestDatabase.allCases)
    func aMonitorGoingDownOpensAnIncidentAndPagesAndComingUpResolvesIt(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let key = try await Self.integration(server)
            let down = try await server.send(.post, Self.path, json: Self.down, headers: [.authorization: "Bearer \(key)"])
            #expect(down.status == .accepted, "\(down.body)")
            #expect(down.object["outcome"] as? String == "opened")
            #expect(down.object["dedup_key"] as? String == "uptime-kuma:7")
            let incident = try #require(try await server.store.incidents().first)
            #expect(incident.title == "API prod: Request failed with status code 503")
            #expect(down.object["incident_id"] as? String == incident.id)
            let alert = try #require(try await server.store.alerts(incidentID: incident.id).first)
            #expect(alert.labels == ["monitor": "API prod", "monitor_type": "http", "url": "https://api.example.com/health", "env": "prod"])
            #expect(alert.source == "https://api.example.com/health")
            #expect(try await server.store.deliveryCounts()[.email]?[.pending] == 1, "the notify group is paged")

            // Uptime Kuma resends while a monitor stays down.
            let again = try await server.send(.post, "\(Self.path)?key=\(key)", json: Self.down)
            #expect(again.object["outcome"] as? String == "repeated")
            #expect(try await server.store.alerts(incidentID: incident.id).map(\.events) == [2])
            #expect(try await server.store.deliveryCounts()[.email]?[.pending] == 1, "a repeat pages nobody again")

            let up = try await server.send(.post, "\(Self.path)?key=\(key)", json: Self.up)
            #expect(up.status == .accepted)
            #expect(up.object["outcome"] as? String == "resolved")
            #expect(try await server.store.incident(id: incident.id).status == .resolved)

            // Another monitor is another incident: the integration groups by monitor.
            let router = try await server.send(.post, "\(Self.path)?key=\(key)", json: Self.routerDown)
            #expect(router.object["outcome"] as? String == "opened")
            let opened = try #require(try await server.store.incidents(includeResolved: false).first)
            let routerAlert = try #require(try await server.store.alerts(incidentID: opened.id).first)
            #expect(routerAlert.labels == ["monitor": "Router", "monitor_type": "ping", "hostname": "10.0.0.1"])
            #expect(routerAlert.source == "10.0.0.1")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func formDataAndCustomBodiesAreReadWhateverTheirContentType(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let key = try await Self.integration(server)
            let form = Self.form(Self.down)
            let down = try await server.send(.post, "\(Self.path)?key=\(key)", body: form.body, headers: [.contentType: form.type])
            #expect(down.status == .accepted, "\(down.body)")
            #expect(down.object["outcome"] as? String == "opened")
            // A custom body is posted as a string, under axios' default form type unless the user sets another.
            for type in ["application/x-www-form-urlencoded", "text/plain; charset=utf-8"] {
                let up = try await server.send(.post, "\(Self.path)?key=\(key)", body: Self.up, headers: [.contentType: type])
                #expect(up.status == .accepted, "\(type): \(up.body)")
            }
            #expect(try await server.store.incidents().first?.status == .resolved)

            let empty = Self.form(Self.down).body.replacingOccurrences(of: "name=\"data\"", with: "name=\"payload\"")
            let missing = try await server.send(.post, "\(Self.path)?key=\(key)", body: empty, headers: [.contentType: form.type])
            #expect(missing.status == .badRequest)
            #expect(missing.problemFields == ["data"])
            let broken = Self.form("{\"heartbeat\":")
            let notJSON = try await server.send(.post, "\(Self.path)?key=\(key)", body: broken.body, headers: [.contentType: broken.type])
            #expect(notJSON.problemFields == ["body"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func testsPendingMaintenanceAndExpiryMessagesAreAnsweredAndStoreNothing(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let key = try await Self.integration(server)
            let test = try await server.send(.post, "\(Self.path)?key=\(key)", json: Self.test)
            #expect(test.status == .accepted)
            #expect(test.object["outcome"] as? String == "test")
            #expect(test.object["reason"] as? String != nil)
            let expiry = try await server.send(
                .post, "\(Self.path)?key=\(key)",
                json: #"{"heartbeat":null,"monitor":null,"msg":"[API prod][https://api.example.com] server certificate api.example.com will expire in 7 days"}"#)
            #expect(expiry.status == .accepted)
            #expect(expiry.object["outcome"] as? String == "ignored")
            #expect((expiry.object["reason"] as? String)?.contains("certificate api.example.com will expire in 7 days") == true, "\(expiry.body)")
            for (status, word) in [(2, "pending"), (3, "maintenance")] {
                let json = Self.down.replacingOccurrences(of: #""status":0"#, with: #""status":\#(status)"#)
                let reply = try await server.send(.post, "\(Self.path)?key=\(key)", json: json)
                #expect(reply.status == .accepted)
                #expect(reply.object["outcome"] as? String == "ignored")
                #expect((reply.object["reason"] as? String)?.contains(word) == true, "\(reply.body)")
            }
            #expect(try await server.store.incidents().isEmpty)
            #expect(try await server.store.deliveryCounts().isEmpty)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func badNotificationsNameEveryBadFieldAndWrongKeysAreRefused(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let key = try await Self.integration(server)
            let bad = try await server.send(
                .post, "\(Self.path)?key=\(key)",
                json: #"{"heartbeat":{"status":7,"time":"2024-01-02T03:04:05+08:00","msg":false},"monitor":{"name":5,"url":[],"tags":[{"value":"x"}]}}"#)
            #expect(bad.status == .badRequest)
            #expect(bad.headers[.contentType] == "application/problem+json")
            #expect(Set(bad.problemFields) == [
                "msg", "heartbeat.status", "heartbeat.time", "heartbeat.msg", "monitor.id", "monitor.name", "monitor.url", "monitor.tags[0].name",
            ])
            let alone = try await server.send(.post, "\(Self.path)?key=\(key)", json: #"{"heartbeat":{"status":0,"time":"2024-01-02 03:04:05"},"msg":"down"}"#)
            #expect(alone.problemFields == ["monitor"])
            let list = try await server.send(.post, "\(Self.path)?key=\(key)", json: "[]")
            #expect(list.problemFields == ["body"])

            #expect(try await server.send(.post, Self.path, json: Self.down).status == .unauthorized)
            #expect(try await server.send(.post, "\(Self.path)?key=\(String(repeating: "0", count: 32))", json: Self.down).status == .unauthorized)
            let other = try await server.send(.post, "/api/v1/integrations", token: server.admin, json: #"{"name":"am","kind":"alertmanager"}"#)
            let otherKey = try #require(other.object["key"] as? String)
            #expect(try await server.send(.post, "\(Self.path)?key=\(otherKey)", json: Self.down).status == .unauthorized, "a key works only for its own format")
            #expect(try await server.store.incidents().isEmpty, "nothing of a refused notification is stored")
        }
    }

    @Test func heartbeatTimesAreUTCWithOrWithoutMilliseconds() throws {
        let format = UptimeKumaWebhook()
        func occurred(_ time: String) throws -> Date? {
            let json = Self.down.replacingOccurrences(of: "2024-01-02 03:04:05.678", with: time)
            return try format.read(try IngestBody.json(Data(json.utf8)), now: TestServer.today).alerts.first?.occurredAt
        }
        let withMilliseconds = try #require(try occurred("2024-01-02 03:04:05.678"))
        #expect(abs(withMilliseconds.timeIntervalSince1970 - 1_704_164_645.678) < 0.0005)
        #expect(try occurred("2022-01-21 14:06:38") == Date(timeIntervalSince1970: 1_642_773_998))
        #expect(throws: ValidationFailure.self) { try occurred("2024-01-02 11:04:05 +08:00") }
    }
}
