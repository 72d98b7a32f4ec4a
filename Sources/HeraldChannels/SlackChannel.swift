import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore

/// A Slack incoming webhook: the contact's address is the webhook URL of the channel it posts to.
///
/// Slack answers `200 ok`, a 4xx with a reason (`invalid_payload`, `channel_not_found`,
/// `channel_is_archived`: final) or 429 with `Retry-After` when posting faster than about once a second.
/// Buttons go in an `actions` block: link buttons (`url`), the first one `primary`.
public struct SlackChannel: Channel {
    let client: OutboundClient
    let timeout: TimeAmount

    /// Slack's limits: a header block's text, and a section block's text.
    static let headerLimit = 150
    static let sectionLimit = 3000
    /// A button's text.
    static let buttonLimit = 75

    public init(client: OutboundClient = .standard, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.timeout = timeout
    }

    /// Slack's mrkdwn is not Markdown: bold is `*x*`, and there are no `#` headings.
    static func mrkdwn(_ markdown: String) -> String {
        markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var line = String(line).replacingOccurrences(of: "**", with: "*")
            if let heading = line.range(of: #"^#{1,6}\s+"#, options: .regularExpression) {
                line = "*" + line[heading.upperBound...] + "*"
            }
            return line
        }.joined(separator: "\n")
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        let text = Self.mrkdwn(message.body)
        var blocks: [[String: Any]] = []
        if let subject = message.subject {
            blocks.append(["type": "header", "text": ["type": "plain_text", "text": String(subject.prefix(Self.headerLimit))]])
        }
        blocks.append(["type": "section", "text": ["type": "mrkdwn", "text": String(text.prefix(Self.sectionLimit))]])
        if !message.actions.isEmpty {
            let buttons: [[String: Any]] = message.actions.enumerated().map { index, action in
                var button: [String: Any] = [
                    "type": "button", "text": ["type": "plain_text", "text": String(action.label.prefix(Self.buttonLimit))], "url": action.url,
                    "action_id": "herald-\(index)",
                ]
                if index == 0 { button["style"] = "primary" }
                return button
            }
            blocks.append(["type": "actions", "elements": buttons])
        }
        // `text` is what notifications and screen readers show; blocks are the formatted message.
        let json: [String: Any] = ["text": message.subject ?? String(text.prefix(Self.headerLimit)), "blocks": blocks]
        switch await JSONPost.send(client, url: message.address, json: json, timeout: timeout) {
        case .failed(let outcome):
            return outcome
        case .answered(let status, let headers, let body):
            return HTTPOutcome.classify(status: .init(statusCode: Int(status)), headers: headers, body: body)
        }
    }
}

extension SlackChannel: ChannelDefinition {
    /// The webhook URL; Slack takes about one message a second per webhook.
    public static let traits = ChannelTraits(kind: .slack, templateKind: .im, group: .im, address: .webURL, rateLimits: [RateLimit(1, per: 1)])

    /// Nothing to configure: the contact's address is the webhook.
    public static let setup = ChannelSetup.always(())

    public static func channel(_: Void, context: ChannelContext) -> any Channel {
        SlackChannel(client: context.outbound)
    }
}
