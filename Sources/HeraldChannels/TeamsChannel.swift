import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore

/// A Microsoft Teams Workflows webhook posting an Adaptive Card; the address is the workflow's URL.
///
/// Office 365 connectors are retired, so this is the Workflows shape: a `message` whose one
/// attachment is an Adaptive Card 1.4. Workflows answers 202 Accepted. Buttons are the card's
/// `Action.OpenUrl` actions.
public struct TeamsChannel: Channel {
    let client: OutboundClient
    let timeout: TimeAmount

    public init(client: OutboundClient = .standard, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.timeout = timeout
    }

    static func card(_ message: OutgoingMessage) -> [String: Any] {
        var body: [[String: Any]] = []
        if let subject = message.subject {
            body.append(["type": "TextBlock", "text": subject, "weight": "Bolder", "size": "Medium", "wrap": true,
                         "color": message.severity == .high ? "Attention" : "Default"])
        }
        body.append(["type": "TextBlock", "text": message.body, "wrap": true])
        var content: [String: Any] = [
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": body,
        ]
        if !message.actions.isEmpty {
            content["actions"] = message.actions.map { ["type": "Action.OpenUrl", "title": $0.label, "url": $0.url] }
        }
        return [
            "type": "message",
            "attachments": [[
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": NSNull(),
                "content": content,
            ] as [String: Any]],
        ]
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        switch await JSONPost.send(client, url: message.address, json: Self.card(message), timeout: timeout) {
        case .failed(let outcome):
            return outcome
        case .answered(let status, let headers, let body):
            return HTTPOutcome.classify(status: .init(statusCode: Int(status)), headers: headers, body: body)
        }
    }
}

extension TeamsChannel: ChannelDefinition {
    /// The Workflows webhook URL.
    public static let traits = ChannelTraits(kind: .teams, templateKind: .im, group: .im, address: .webURL)

    /// Nothing to configure: the contact's address is the webhook.
    public static let setup = ChannelSetup.always(())

    public static func channel(_: Void, context: ChannelContext) -> any Channel {
        TeamsChannel(client: context.outbound)
    }
}
