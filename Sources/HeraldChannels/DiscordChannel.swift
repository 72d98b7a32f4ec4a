import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore

/// A Discord webhook posting an embed; the address is the webhook URL.
///
/// `?wait=true` makes Discord answer with the created message, whose id is recorded. Throttling is
/// 429 with `Retry-After` in (possibly fractional) seconds.
public struct DiscordChannel: Channel {
    let client: OutboundClient
    let timeout: TimeAmount

    /// Discord's limits: message content, embed title, embed description.
    static let contentLimit = 2000
    static let titleLimit = 256
    static let descriptionLimit = 4096

    public init(client: OutboundClient = .standard, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.timeout = timeout
    }

    /// Red, orange, blue: the colour bar of the embed says how urgent it is.
    static func colour(_ severity: Severity) -> Int {
        switch severity {
        case .high: 0xE0_3E_2F
        case .medium: 0xF2_99_1D
        case .low: 0x2F_80_ED
        }
    }

    static func url(_ address: String) -> String {
        address + (address.contains("?") ? "&" : "?") + "wait=true"
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        var embed: [String: Any] = [
            "description": String(message.body.prefix(Self.descriptionLimit)),
            "color": Self.colour(message.severity),
            "footer": ["text": "Herald"],
        ]
        if let subject = message.subject { embed["title"] = String(subject.prefix(Self.titleLimit)) }
        let json: [String: Any] = ["content": String((message.subject ?? "").prefix(Self.contentLimit)), "embeds": [embed]]
        switch await JSONPost.send(client, url: Self.url(message.address), json: json, timeout: timeout) {
        case .failed(let outcome):
            return outcome
        case .answered(let status, let headers, let body):
            let outcome = HTTPOutcome.classify(status: .init(statusCode: Int(status)), headers: headers, body: body)
            if case .sent = outcome { return .sent(providerID: ProviderPost.object(body)?["id"] as? String, cost: nil) }
            return outcome
        }
    }
}

extension DiscordChannel: ChannelDefinition {
    /// The webhook URL; Discord takes 5 messages per 2 seconds per webhook.
    public static let traits = ChannelTraits(kind: .discord, templateKind: .im, group: .im, address: .webURL, rateLimits: [RateLimit(5, per: 2)])

    /// Nothing to configure: the contact's address is the webhook.
    public static let setup = ChannelSetup.always(())

    public static func channel(_: Void, context: ChannelContext) -> any Channel {
        DiscordChannel(client: context.outbound)
    }
}
