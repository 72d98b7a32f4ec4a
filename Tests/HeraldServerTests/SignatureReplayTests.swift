import HeraldApp
import Foundation
import HTTPTypes
import HeraldChannels
import HeraldCore
import HeraldServer
import HeraldStore
import HeraldTestSupport
import Testing

/// A signed request captured once cannot be sent again later: its signed timestamp gives it away.
@Suite struct SignatureReplayTests {
    static let secret = "grafana-hmac-secret-0123"

    static func integration(_ server: TestServer) async throws -> String {
        let made = try await server.send(
            .post, "/api/v1/integrations", token: server.admin,
            json: #"{"name":"grafana","kind":"grafana","group_by":["alertname"],"signing_secret":"\#(secret)"}"#)
        return try #require(made.object["key"] as? String)
    }

    static func post(_ server: TestServer, key: String, signedAt timestamp: String) async throws -> Reply {
        try await server.send(
            .post, "/api/v1/ingest/grafana", json: MoreIngestTests.grafana,
            headers: [
                .authorization: "Bearer \(key)", .init("X-Grafana-Alerting-Timestamp")!: timestamp,
                .init("X-Grafana-Alerting-Signature")!: MoreIngestTests.sign(MoreIngestTests.grafana, secret: secret, timestamp: timestamp),
            ])
    }

    @Test(arguments: TestDatabase.allCases)
    func aCorrectlySignedRequestAYearOldIsRefusedAndNothingIsStored(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let key = try await Self.integration(server)
            let today = Int(TestServer.today.timeIntervalSince1970)
            for (age, label) in [(365 * 86400, "a year"), (301, "five minutes and a second"), (-301, "five minutes and a second ahead")] {
                let replay = try await Self.post(server, key: key, signedAt: String(today - age))
                #expect(replay.status == .unauthorized, "signed \(label) ago")
                #expect(replay.headers[.contentType] == "application/problem+json")
                #expect((replay.object["detail"] as? String)?.contains("X-Grafana-Alerting-Timestamp") == true, "\(replay.body)")
            }
            let garbled = try await Self.post(server, key: key, signedAt: "yesterday")
            #expect(garbled.status == .unauthorized)
            #expect(try await server.store.incidents().isEmpty)
            let recent = try await Self.post(server, key: key, signedAt: String(today - 240))
            #expect(recent.status == .accepted, "four minutes old is within the window: \(recent.body)")
        }
    }

    @Test func theWindowIsConfigurable() async throws {
        try await TestServer.run(.sqlite, configure: { $0.alerts.signatureWindow = SignatureWindow(seconds: 30) }) { server in
            let key = try await Self.integration(server)
            let today = Int(TestServer.today.timeIntervalSince1970)
            #expect(try await Self.post(server, key: key, signedAt: String(today - 60)).status == .unauthorized)
            #expect(try await Self.post(server, key: key, signedAt: String(today - 20)).status == .accepted)
        }
    }

    @Test func theConfigFileSetsTheWindowWithinBounds() throws {
        let set = try HeraldConfiguration.parse(yaml: "alerts:\n  signature_window_seconds: 120\n")
        #expect(set.alerts.signatureWindow == SignatureWindow(seconds: 120))
        #expect(throws: ConfigurationError.self) { try HeraldConfiguration.parse(yaml: "alerts:\n  signature_window_seconds: 86400\n") }
    }

    /// Twilio signs no timestamp, so a callback's age cannot be checked: a replay must change nothing.
    @Test(arguments: TestDatabase.allCases)
    func aReplayedTwilioCallbackChangesNothing(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine, configure: { configuration in
            configuration.channelSettings[SMSChannel.self] = .twilio(
                TwilioAccount(accountSID: "AC1", authToken: "twilio-token", from: "+15005550006", statusCallback: ReceiptRouteTests.callback))
        }) { server in
            try await server.store.enqueue([NewDelivery(idempotencyKey: "k", channel: .sms, address: "+8613800000000", severity: .high, body: "b")])
            let claimed = try await server.store.claimDeliveries(limit: 1)
            try await server.store.recordAttempts([AttemptResult(
                delivery: claimed[0], outcome: .sent(providerID: "SM0123", cost: nil), latency: .zero, confirmWithin: 600)])
            func send(_ status: String) async throws -> Reply {
                let fields = [("AccountSid", "AC1"), ("MessageSid", "SM0123"), ("MessageStatus", status), ("To", "+8613800000000")]
                return try await server.send(
                    .post, "/receipts/twilio", body: ReceiptRouteTests.form(fields),
                    headers: [.contentType: "application/x-www-form-urlencoded",
                              .init("X-Twilio-Signature")!: ReceiptRouteTests.twilioSignature(fields, token: "twilio-token")])
            }
            #expect(try await send("delivered").status == .noContent)
            let confirmed = try await server.store.delivery(id: claimed[0].id)
            let failed = try await send("undelivered")
            #expect(failed.status == .noContent, "a captured callback, sent again later, is answered")
            let after = try await server.store.delivery(id: claimed[0].id)
            #expect(after.confirmedAt == confirmed.confirmedAt && after.state == confirmed.state, "and changes nothing")
            #expect(try await server.store.deliveryCounts().values.reduce(0) { $0 + $1.values.reduce(0, +) } == 1, "no fallback was queued")
        }
    }
}
