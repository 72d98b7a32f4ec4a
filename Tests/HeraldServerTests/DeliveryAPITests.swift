import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct DeliveryAPITests {
    @Test(arguments: TestDatabase.allCases)
    func contactsAreCheckedAddressByAddress(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let bad = try await server.send(
                .post, "/api/v1/contacts", token: server.admin,
                json: #"{"name":"王芳","addresses":{"email":"not-an-address","sms":"13800000000","fax":"1"},"quiet_hours":"late","language":"fr"}"#)
            #expect(bad.status == .badRequest)
            #expect(Set(bad.problemFields) == ["addresses.email", "addresses.sms", "addresses.fax", "quiet_hours", "language"])
            #expect(try await server.store.contacts().isEmpty)

            let made = try await server.send(
                .post, "/api/v1/contacts", token: server.admin,
                json: #"{"id":"wang","name":"王芳","addresses":{"email":"wang@example.com","sms":"+8613800000000"},"subscriptions":["pay"],"quiet_hours":"22:00-07:30","preferences":{"low":["sms"]}}"#)
            #expect(made.status == .created, "\(made.body)")
            #expect(made.object["quiet_hours"] as? String == "22:00-07:30")
            #expect(try await server.send(.post, "/api/v1/contacts", token: server.responder, json: "{}").status == .forbidden)
            let listed = try await server.send(.get, "/api/v1/contacts", token: server.viewer)
            #expect((listed.object["contacts"] as? [[String: Any]])?.first?["language"] as? String == "zh-CN")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func deadLettersAreListedAndCanBeRetried(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            try await server.store.enqueue([NewDelivery(idempotencyKey: "k1", channel: .webhook, address: "http://127.0.0.1:9/x", severity: .high, body: "{}")])
            let claimed = try await server.store.claimDeliveries(limit: 1)
            try await server.store.recordAttempt(deliveryID: claimed[0].id, outcome: .permanent(reason: "HTTP 410: gone"), latency: .milliseconds(12))

            let dead = try await server.send(.get, "/api/v1/deliveries/dead-letters", token: server.viewer)
            let letters = try #require(dead.object["deliveries"] as? [[String: Any]])
            #expect(letters.first?["last_error"] as? String == "HTTP 410: gone")
            let summary = try await server.send(.get, "/api/v1/deliveries/summary", token: server.viewer)
            #expect((summary.object["channels"] as? [String: [String: Int]])?["webhook"]?["dead"] == 1)
            let month = summary.object["month"] as? [String: Any]
            #expect(month?["currency"] as? String == "CNY")
            #expect((month?["channels"] as? [String: Any])?.isEmpty == true, "nothing was sent, so nothing was spent")
            let attempts = try await server.send(.get, "/api/v1/deliveries/\(claimed[0].id)/attempts", token: server.viewer)
            #expect((attempts.object["attempts"] as? [[String: Any]])?.first?["latency_ms"] as? Int == 12)

            let retried = try await server.send(.post, "/api/v1/deliveries/\(claimed[0].id)/retry", token: server.responder)
            #expect(retried.object["state"] as? String == "pending")
            let twice = try await server.send(.post, "/api/v1/deliveries/\(claimed[0].id)/retry", token: server.responder)
            #expect(twice.status == .conflict)
            #expect(try await server.send(.post, "/api/v1/deliveries/abc/retry", token: server.responder).problemFields == ["id"])
        }
    }
}
