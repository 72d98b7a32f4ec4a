import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore

/// A WeCom group robot (企业微信群机器人) posting markdown to its group and @-mentioning the contact.
///
/// Unsigned: the `key` in the webhook URL is the secret. Markdown content is at most 4096 bytes, so
/// longer messages are cut at a character boundary. Errors come as `errcode`; 45009 is throttling.
/// The contact's address is a WeCom user id.
public struct WeComChannel: Channel {
    public let kind = ChannelKind.wecom
    let client: HTTPClient
    /// `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`
    let webhookURL: String
    let timeout: TimeAmount

    public static let maximumBytes = 4096

    public init(client: HTTPClient = .shared, webhookURL: String, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.webhookURL = webhookURL
        self.timeout = timeout
    }

    /// `text` cut to fit `limit` bytes of UTF-8 with `suffix` appended, never splitting a character.
    static func fitted(_ text: String, suffix: String, limit: Int) -> String {
        guard text.utf8.count + suffix.utf8.count > limit else { return text + suffix }
        var cut = ""
        for character in text {
            if cut.utf8.count + String(character).utf8.count + "…".utf8.count + suffix.utf8.count > limit { break }
            cut.append(character)
        }
        return cut + "…" + suffix
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        let content = Self.fitted(message.body, suffix: "\n<@\(message.address)>", limit: Self.maximumBytes)
        let json: [String: Any] = ["msgtype": "markdown", "markdown": ["content": content]]
        switch await JSONPost.send(client, url: webhookURL, json: json, timeout: timeout) {
        case .failed(let outcome):
            return outcome
        case .answered(let status, _, let body):
            return JSONPost.errcodeOutcome(status: status, body: body, provider: "WeCom", throttled: 45009, throttledWait: 60)
        }
    }
}
