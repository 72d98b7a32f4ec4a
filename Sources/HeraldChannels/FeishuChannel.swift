import AsyncHTTPClient
import Crypto
import Foundation
import HeraldCore
import NIOCore

/// A Feishu (飞书) / Lark custom bot posting text to its group and @-mentioning the contact.
///
/// Signed: the body carries `timestamp` (seconds) and
/// `sign = base64(HmacSHA256(key: timestamp + "\n" + secret, message: ""))` — key and message are
/// DingTalk's the other way round. Success is `{"code":0}`; 11232 means throttled.
/// The contact's address is a Feishu open_id (ou_…) or user_id. A message with buttons is an
/// `interactive` card: a header, the text as `lark_md` with the mention (`<at id=…></at>`), and an
/// `action` element whose buttons open their `url`.
public struct FeishuChannel: Channel {
    let endpoint: RobotEndpoint

    public init(_ endpoint: RobotEndpoint) {
        self.endpoint = endpoint
    }

    public static func sign(timestamp: String, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(), using: SymmetricKey(data: Data("\(timestamp)\n\(secret)".utf8)))
        return Data(mac).base64EncodedString()
    }

    /// The message card: red for a high-severity page, its first button the primary one.
    static func card(_ message: OutgoingMessage) -> [String: Any] {
        let title = message.subject ?? String(message.body.prefix(30))
        let buttons: [[String: Any]] = message.actions.enumerated().map { index, action in
            ["tag": "button", "text": ["tag": "plain_text", "content": action.label], "type": index == 0 ? "primary" : "default", "url": action.url]
        }
        return [
            "config": ["wide_screen_mode": true],
            "header": ["title": ["tag": "plain_text", "content": title], "template": message.severity == .high ? "red" : "orange"] as [String: Any],
            "elements": [
                ["tag": "div", "text": ["tag": "lark_md", "content": message.body + "\n<at id=\(message.address)></at>"]] as [String: Any],
                ["tag": "action", "actions": buttons] as [String: Any],
            ],
        ]
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        let timestamp = String(Int64(endpoint.now().timeIntervalSince1970))
        let text = [message.subject, message.body].compactMap { $0 }.joined(separator: "\n\n")
        var json: [String: Any] = ["timestamp": timestamp, "sign": Self.sign(timestamp: timestamp, secret: endpoint.secret)]
        if message.actions.isEmpty {
            json["msg_type"] = "text"
            json["content"] = ["text": text + "\n<at user_id=\"\(message.address)\"></at>"]
        } else {
            json["msg_type"] = "interactive"
            json["card"] = Self.card(message)
        }
        switch await JSONPost.send(endpoint.client, url: endpoint.webhookURL, json: json, timeout: endpoint.timeout) {
        case .failed(let outcome):
            return outcome
        case .answered(let status, _, let body):
            let answer = JSONPost.object(body)
            let code: Int? = (answer?["code"] as? Int) ?? (answer?["StatusCode"] as? Int)
            let detail = "HTTP \(status), code \(code.map(String.init) ?? "none"): \(answer?["msg"] as? String ?? String(body.prefix(200)))"
            switch (status, code) {
            case (200..<300, 0?): return .sent(providerID: nil, cost: nil)
            case (_, 11232?), (429, _), (500..<600, _): return .retryable(reason: detail, retryAfter: nil)
            default: return .permanent(reason: detail)
            }
        }
    }
}

extension FeishuChannel: ChannelDefinition {
    /// An open_id or user_id; custom bots take 5 messages a second and 100 a minute.
    public static let traits = ChannelTraits(
        kind: .feishu, templateKind: .im, group: .im, address: .text(maximum: 200),
        rateLimits: [RateLimit(5, per: 1), RateLimit(100, per: 60)])

    public static let setup = ChannelSetup.section(RobotEndpoint.settings(from:))

    public static func channel(_ settings: RobotEndpoint.Settings, context: ChannelContext) -> any Channel {
        FeishuChannel(RobotEndpoint(settings, context: context))
    }
}
