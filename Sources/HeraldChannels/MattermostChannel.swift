import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore

/// A Mattermost incoming webhook posting markdown to its channel and @-mentioning the contact.
///
/// The hook URL (`https://HOST/hooks/KEY`) is the secret. Mattermost answers `200 ok` in text/plain;
/// errors are JSON `{id, message, detailed_error, request_id, status_code}`, and an unknown hook is
/// 400, not 404. Rate limiting is off unless the server enables it; then 429 `limit exceeded` with
/// Retry-After. There is no idempotency key, so a retry after a timeout may post twice.
/// The contact's address is their Mattermost username.
public struct MattermostChannel: Channel {
    let client: OutboundClient
    let settings: Settings
    let timeout: TimeAmount

    /// Mattermost splits longer text into several posts (counting code points); one post, cut, reads better.
    static let textLimit = 16383

    /// `channels.mattermost`.
    public struct Settings: Sendable, Equatable {
        /// `https://HOST/hooks/KEY`, as Integrations › Incoming Webhooks shows it.
        public var url: String
        /// Shown instead of the hook's name and picture, if the server allows integrations to override them.
        public var username: String?
        public var iconURL: String?
        /// Another channel than the hook's (`town-square`), unless the hook is locked to its own.
        public var channel: String?
        /// The message priority high-severity messages carry; nil sends none.
        public var highPriority: Priority?

        public init(url: String, username: String? = nil, iconURL: String? = nil, channel: String? = nil, highPriority: Priority? = .urgent) {
            self.url = url
            self.username = username
            self.iconURL = iconURL
            self.channel = channel
            self.highPriority = highPriority
        }
    }

    /// Mattermost's message priorities; either comes with a request to acknowledge.
    public enum Priority: String, Sendable, CaseIterable {
        case urgent, important
    }

    public init(client: OutboundClient = .standard, settings: Settings, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.settings = settings
        self.timeout = timeout
    }

    static func payload(_ message: OutgoingMessage, settings: Settings) -> [String: Any] {
        var json: [String: Any] = [
            "text": TextLimit.fitted(message.body, suffix: "\n\n@\(message.address)", limit: textLimit, in: .unicodeScalars),
        ]
        if let username = settings.username { json["username"] = username }
        if let iconURL = settings.iconURL { json["icon_url"] = iconURL }
        if let channel = settings.channel { json["channel"] = channel }
        if message.severity == .high, let priority = settings.highPriority {
            json["priority"] = ["priority": priority.rawValue, "requested_ack": true] as [String: Any]
        }
        return json
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        switch await JSONPost.send(client, url: settings.url, json: Self.payload(message, settings: settings), timeout: timeout) {
        case .failed(let outcome):
            return outcome
        case .answered(let status, let headers, let body):
            // Hardened mode blanks the id of 5xx errors, and the rate limiter answers in plain text.
            let error = ProviderPost.object(body)
            let id = (error?["id"] as? String).map { $0.isEmpty ? "" : " \($0)" } ?? ""
            let text = error?["message"] as? String ?? body.prefix(200).trimmingCharacters(in: .whitespacesAndNewlines)
            let detail = "HTTP \(status)\(id): \(text)"
            switch status {
            case 200..<300: return .sent(providerID: nil, cost: nil)
            // 501 means incoming webhooks are disabled on the server: no retry brings them back.
            case 501: return .permanent(reason: detail)
            case 429, 500..<600: return .retryable(reason: detail, retryAfter: HTTPOutcome.retryAfter(headers))
            default: return .permanent(reason: detail)
            }
        }
    }
}

extension MattermostChannel: ChannelDefinition {
    /// A username as Mattermost allows it; `all`, `channel` and the like would notify everyone.
    /// When the server's optional rate limiting is on, it allows 10 requests a second.
    public static let traits = ChannelTraits(
        kind: .mattermost, templateKind: .im, group: .im, address: AddressFormat { username($0, field: $1) },
        rateLimits: [RateLimit(10, per: 1)])

    public static let setup = ChannelSetup.section(settings(from:))

    /// Mattermost's rule: 1 to 64 of `a-z 0-9 . - _`, and none of its reserved names.
    static func username(_ address: String, field: String) -> [FieldError] {
        let reserved: Set = ["all", "channel", "here", "matterbot", "system"]
        guard address.range(of: #"^[a-z0-9.\-_]{1,64}$"#, options: .regularExpression) != nil, !reserved.contains(address) else {
            return [FieldError(field, "must be a Mattermost username (without @): 1 to 64 of a-z, 0-9, '.', '-', '_', not all, channel or here")]
        }
        return []
    }

    /// `url` (required), `username`, `icon_url`, `channel`, and `high_priority` (urgent, important or none).
    static func settings(from item: inout ObjectReader) -> Settings? {
        let url = item.requiredString("url")
        if let url {
            item.add(Validate.webURL(url, field: item.path("url")))
            // The hook route is /hooks/{id:[A-Za-z0-9]+}, possibly under a subpath.
            if URLComponents(string: url)?.path.range(of: #"/hooks/[A-Za-z0-9]+$"#, options: .regularExpression) == nil {
                item.add([FieldError(item.path("url"), "must be an incoming webhook URL ending in /hooks/KEY")])
            }
        }
        let username = item.string("username")
        if let username { item.add(Validate.text(username, field: item.path("username"), maximum: 64)) }
        let iconURL = item.string("icon_url")
        if let iconURL { item.add(Validate.webURL(iconURL, field: item.path("icon_url"))) }
        let channel = item.string("channel")
        if let channel { item.add(Validate.text(channel, field: item.path("channel"), maximum: 64)) }
        var highPriority: Priority? = .urgent
        if let text = item.string("high_priority") {
            if text == "none" { highPriority = nil } else if let priority = Priority(rawValue: text) { highPriority = priority } else {
                item.add([FieldError(item.path("high_priority"), "must be one of urgent, important, none, got '\(text)'")])
            }
        }
        guard let url else { return nil }
        return Settings(url: url, username: username, iconURL: iconURL, channel: channel, highPriority: highPriority)
    }

    public static func channel(_ settings: Settings, context: ChannelContext) -> any Channel {
        MattermostChannel(client: context.outbound, settings: settings)
    }
}

extension ChannelKind {
    public static let mattermost = ChannelKind("mattermost")
}
