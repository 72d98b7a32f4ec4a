import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore

/// A WeCom group robot (企业微信群机器人) posting markdown to its group and @-mentioning the contact.
///
/// Unsigned: the `key` in the webhook URL is the secret. Markdown content is at most 4096 bytes, so
/// longer messages are cut at a character boundary. Errors come as `errcode`; 45009 is throttling.
/// The contact's address is a WeCom user id. Buttons become markdown links (`[确认](url)`) after the
/// text: group robots document template cards too, but a card's text is a few dozen characters and
/// names nobody, while markdown keeps the whole page and the mention.
public struct WeComChannel: Channel {
    let client: OutboundClient
    /// `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`
    let webhookURL: String
    let timeout: TimeAmount

    public static let maximumBytes = 4096

    public init(client: OutboundClient = .standard, webhookURL: String, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.webhookURL = webhookURL
        self.timeout = timeout
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        // The links go with the mention, after any cut, so a long page keeps its buttons.
        let links = message.actions.map { "[\($0.label)](\($0.url))" }.joined(separator: "　")
        let suffix = (links.isEmpty ? "" : "\n\n" + links) + "\n<@\(message.address)>"
        let content = TextLimit.fitted(message.body, suffix: suffix, limit: Self.maximumBytes, in: .utf8Bytes)
        let json: [String: Any] = ["msgtype": "markdown", "markdown": ["content": content]]
        switch await JSONPost.send(client, url: webhookURL, json: json, timeout: timeout) {
        case .failed(let outcome):
            return outcome
        case .answered(let status, _, let body):
            return JSONPost.errcodeOutcome(status: status, body: body, provider: "WeCom", throttled: 45009, throttledWait: 60)
        }
    }
}

extension WeComChannel: ChannelDefinition {
    /// A WeCom user id; group robots take 20 messages a minute.
    public static let traits = ChannelTraits(
        kind: .wecom, templateKind: .im, group: .im, address: .text(maximum: 200), rateLimits: [RateLimit(20, per: 60)])

    public static let setup = ChannelSetup.section(settings(from:))

    /// `channels.wecom.url`, whose `key` is the secret.
    static func settings(from item: inout ObjectReader) -> String? {
        guard let url = item.requiredString("url") else { return nil }
        item.add(Validate.webURL(url, field: item.path("url")))
        return url
    }

    public static func channel(_ url: String, context: ChannelContext) -> any Channel {
        WeComChannel(client: context.outbound, webhookURL: url)
    }
}
