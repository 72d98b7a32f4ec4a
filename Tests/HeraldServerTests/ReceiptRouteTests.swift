import Crypto
import Foundation
import HeraldChannels
import HeraldCore
import HeraldServer
import HeraldStore
import HeraldTestSupport
import Testing

/// Twilio's status callbacks, signed as Twilio documents, and refused when they are not.
@Suite struct ReceiptRouteTests {
    static let callback = "https://herald.example.com/receipts/twilio"

    /// base64(HMAC-SHA1(auth token, URL + sorted name/value pairs)), computed here independently.
    static func twilioSignature(_ fields: [(String, String)], token: String) -> String {
        let data = callback + fields.sorted { $0.0 < $1.0 }.map { $0.0 + $0.1 }.joined()
        return Data(HMAC<Insecure.SHA1>.authenticationCode(for: Data(data.utf8), using: SymmetricKey(data: Data(token.utf8)))).base64EncodedString()
    }

    static func form(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
    }

    @Test(arguments: TestDatabase.allCases)
    func aSignedStatusCallbackConfirmsTheMessageAndAForgedOneIsRefused(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine, configure: { configuration in
            configuration.channelSettings[SMSChannel.self] = .twilio(TwilioAccount(accountSID: "AC1", authToken: "twilio-token", from: "+15005550006", statusCallback: Self.callback))
        }) { server in
            try await server.store.enqueue([NewDelivery(idempotencyKey: "k", channel: .sms, address: "+8613800000000", severity: .high, body: "b")])
            let claimed = try await server.store.claimDeliveries(limit: 1)
            try await server.store.recordAttempts([AttemptResult(
                delivery: claimed[0], outcome: .sent(providerID: "SM0123", cost: nil), latency: .zero, confirmWithin: 600)])

            let fields = [("AccountSid", "AC1"), ("MessageSid", "SM0123"), ("MessageStatus", "delivered"), ("To", "+8613800000000")]
            let forged = try await server.send(
                .post, "/receipts/twilio", body: Self.form(fields),
                headers: [.contentType: "application/x-www-form-urlencoded", .init("X-Twilio-Signature")!: Self.twilioSignature(fields, token: "guess")])
            #expect(forged.status == .forbidden)
            #expect(try await server.store.delivery(id: claimed[0].id).confirmedAt == nil)

            let genuine = try await server.send(
                .post, "/receipts/twilio", body: Self.form(fields),
                headers: [.contentType: "application/x-www-form-urlencoded", .init("X-Twilio-Signature")!: Self.twilioSignature(fields, token: "twilio-token")])
            #expect(genuine.status == .noContent)
            let confirmed = try await server.store.delivery(id: claimed[0].id)
            #expect(confirmed.confirmedAt != nil && confirmed.confirmBy == nil)

            let incomplete = [("AccountSid", "AC1"), ("To", "+8613800000000")]
            let bad = try await server.send(
                .post, "/receipts/twilio", body: Self.form(incomplete),
                headers: [.contentType: "application/x-www-form-urlencoded", .init("X-Twilio-Signature")!: Self.twilioSignature(incomplete, token: "twilio-token")])
            #expect(bad.status == .badRequest)
            #expect(bad.problemFields == ["MessageSid"])
        }
    }
}
