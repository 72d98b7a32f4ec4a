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

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        let content = TextLimit.fitted(message.body, suffix: "\n<@\(message.address)>", limit: Self.maximumBytes, in: .utf8Bytes)
        let json: [String: Any] = ["msgtype": "markdown", "markdown": ["content": content]]
        switch await JSONPost.send(client, url: webhookURL, json: json, timeout: timeout) {
        case .failed(let outcome):
            return outcome
        case .answered(let status, _, let body):
            return JSONPost.errcodeOutcome(status: status, body: body, provider: "WeCom", throttled: 45009, throttledWait: 60)
        }
    }
}
