import AsyncHTTPClient
import Crypto
import Foundation
import HeraldCore
import NIOCore

/// A DingTalk custom robot (钉钉自定义机器人) posting markdown to its group and @-mentioning the contact.
/// A message with buttons (a page's acknowledge and resolve) is an independent-jump actionCard
/// (`btns` of `title` and `actionURL`, side by side); DingTalk documents `at` for text and markdown
/// only, so that card names nobody.
///
/// Signed (加签): `sign = urlEncode(base64(HmacSHA256(key: secret, message: timestamp_ms + "\n" + secret)))`,
/// appended as `&timestamp=…&sign=…`. DingTalk answers HTTP 200 even for errors: `errcode` decides.
/// The contact's address is a DingTalk user id, or a mobile number (+86…) to mention by phone.
public struct DingTalkChannel: Channel {
    let endpoint: RobotEndpoint

    public init(_ endpoint: RobotEndpoint) {
        self.endpoint = endpoint
    }

    public static func sign(timestamp: String, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp)\n\(secret)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        let base64 = Data(mac).base64EncodedString()
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return base64.addingPercentEncoding(withAllowedCharacters: allowed) ?? base64
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        let timestamp = String(Int64(endpoint.now().timeIntervalSince1970 * 1000))
        let url = endpoint.webhookURL + "&timestamp=\(timestamp)&sign=\(Self.sign(timestamp: timestamp, secret: endpoint.secret))"
        let byPhone = message.address.hasPrefix("+")
        // DingTalk mentions Chinese mobiles without the country code.
        let mobile = message.address.hasPrefix("+86") ? String(message.address.dropFirst(3)) : String(message.address.dropFirst())
        let mention = byPhone ? mobile : message.address
        let title = message.subject ?? String(message.body.prefix(30))
        let json: [String: Any] =
            message.actions.isEmpty
            ? [
                "msgtype": "markdown",
                "markdown": ["title": title, "text": message.body + "\n\n@\(mention)"],
                "at": ["atMobiles": byPhone ? [mobile] : [], "atUserIds": byPhone ? [] : [message.address], "isAtAll": false],
            ]
            : [
                "msgtype": "actionCard",
                "actionCard": [
                    "title": title, "text": message.body, "btnOrientation": "1",
                    "btns": message.actions.map { ["title": $0.label, "actionURL": $0.url] },
                ] as [String: Any],
            ]
        switch await JSONPost.send(endpoint.client, url: url, json: json, timeout: endpoint.timeout) {
        case .failed(let outcome):
            return outcome
        case .answered(let status, _, let body):
            // 130101: "send too fast, exceed 20 times per minute"; the robot is throttled for a while.
            return JSONPost.errcodeOutcome(status: status, body: body, provider: "DingTalk", throttled: 130101, throttledWait: 60)
        }
    }
}

extension DingTalkChannel: ChannelDefinition {
    /// A user id or a mobile number; robots are throttled for ten minutes past 20 messages a minute.
    public static let traits = ChannelTraits(
        kind: .dingtalk, templateKind: .im, group: .im, address: .text(maximum: 200), rateLimits: [RateLimit(20, per: 60)])

    public static let setup = ChannelSetup.section(RobotEndpoint.settings(from:))

    public static func channel(_ settings: RobotEndpoint.Settings, context: ChannelContext) -> any Channel {
        DingTalkChannel(RobotEndpoint(settings, context: context))
    }
}
