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
public struct WebhookChannel: Channel {
    let client: HTTPClient
    let secret: String
    let timeout: TimeAmount
    let now: @Sendable () -> Date

    public init(client: HTTPClient = ProviderHTTP.client, secret: String, timeout: TimeAmount = .seconds(10), now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.secret = secret
        self.timeout = timeout
        self.now = now
    }

    public static func signature(secret: String, timestamp: String, body: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "v1=" + mac.hexadecimal
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        guard let url = URL(string: message.address), let scheme = url.scheme, ["http", "https"].contains(scheme) else {
            return .permanent(reason: "'\(message.address)' is not an http(s) URL")
        }
        let timestamp = String(Int(now().timeIntervalSince1970))
        var request = HTTPClientRequest(url: message.address)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "User-Agent", value: "Herald")
        request.headers.add(name: "Idempotency-Key", value: message.idempotencyKey)
        request.headers.add(name: "X-Herald-Timestamp", value: timestamp)
        request.headers.add(name: "X-Herald-Signature", value: Self.signature(secret: secret, timestamp: timestamp, body: message.body))
        request.body = .bytes(ByteBuffer(string: message.body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 64 * 1024)
            return HTTPOutcome.classify(status: response.status, headers: response.headers, body: String(buffer: body))
        } catch {
            return HTTPOutcome.transportFailure(error, url: message.address, timeout: timeout)
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
        WebhookChannel(client: context.client, secret: secret, now: context.now)
    }
}
