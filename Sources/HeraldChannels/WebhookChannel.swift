import AsyncHTTPClient
import Crypto
import Foundation
import HeraldCore
import NIOCore
import NIOHTTP1

/// POSTs the message's JSON to the receiver's URL, signed so the receiver can trust it:
///
///     X-Herald-Timestamp: <Unix seconds>
///     X-Herald-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>
///     Idempotency-Key: <the delivery's key; the same on every retry>
///
/// Receivers should refuse a timestamp more than five minutes old, which stops replays.
///
/// A public subscriber's webhook (its key starts `subscriber:`) may reach public addresses only, on
/// the allowed ports, whatever `outbound.allow` says; a contact's, which an operator made, also
/// the hosts and ranges `outbound.allow` names (`OutboundClient`).
public struct WebhookChannel: Channel {
    let client: OutboundClient
    let secret: String
    let timeout: TimeAmount
    let now: @Sendable () -> Date

    public init(client: OutboundClient = .standard, secret: String, timeout: TimeAmount = .seconds(10), now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.secret = secret
        self.timeout = timeout
        self.now = now
    }

    public static func signature(secret: String, timestamp: String, body: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "v1=" + mac.hexadecimal
    }

    /// Who made the address: the public for a subscriber's deliveries, an operator for the rest.
    static func audience(_ message: OutgoingMessage) -> OutboundAudience {
        DeliveryKind(idempotencyKey: message.idempotencyKey) == .subscriberUpdate ? .publicSubscriber : .operatorMade
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        let timestamp = String(Int(now().timeIntervalSince1970))
        let headers = [
            ("User-Agent", "Herald"),
            ("Idempotency-Key", message.idempotencyKey),
            ("X-Herald-Timestamp", timestamp),
            ("X-Herald-Signature", Self.signature(secret: secret, timestamp: timestamp, body: message.body)),
        ]
        let answer = await ProviderPost.send(
            client, audience: Self.audience(message), url: message.address, contentType: "application/json; charset=utf-8",
            body: Data(message.body.utf8), headers: headers, timeout: timeout)
        switch answer {
        case .failed(let outcome):
            return outcome
        case .answered(let status, let headers, let body):
            return HTTPOutcome.classify(status: .init(statusCode: Int(status)), headers: headers, body: body)
        }
    }
}

extension WebhookChannel: ChannelDefinition {
    public static let traits = ChannelTraits(kind: .webhook, templateKind: .webhook, group: .webhook, address: .webURL)

    public static let setup = ChannelSetup.section(settings(from:))

    /// `channels.webhook.secret`, which every delivery is signed with; short secrets are guessable.
    static func settings(from item: inout ObjectReader) -> String? {
        guard let secret = item.requiredString("secret") else { return nil }
        if secret.utf8.count < 16 { item.add([FieldError(item.path("secret"), "must be at least 16 characters")]) }
        return secret
    }

    public static func channel(_ secret: String, context: ChannelContext) -> any Channel {
        WebhookChannel(client: context.outbound, secret: secret, now: context.now)
    }
}
