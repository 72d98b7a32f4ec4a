import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore

/// ntfy (self-hosted push): publishes to the contact's topic, which their phone subscribes to.
///
/// Published as JSON to the server's root, not as a body with `Title:` headers: a Chinese title in a
/// header needs RFC 2047 and survives proxies only sometimes, while in JSON it is plain UTF-8.
/// Success is 200 with the message (`id` is recorded); errors are `{code, http, error, link}`.
/// ntfy has no idempotency key, so a retry after a timeout may notify twice.
/// The contact's address is their topic.
public struct NtfyChannel: Channel {
    let client: OutboundClient
    let settings: Settings
    let timeout: TimeAmount

    /// Longer messages become attachments, which a server without an attachment cache refuses (40014).
    static let messageLimit = 4096

    /// `channels.ntfy`.
    public struct Settings: Sendable, Equatable {
        /// The server's base URL, e.g. https://ntfy.example.com.
        public var server: String
        public var credentials: Credentials?
        /// Where tapping the notification leads, e.g. the status page.
        public var click: String?

        public init(server: String, credentials: Credentials? = nil, click: String? = nil) {
            self.server = server
            self.credentials = credentials
            self.click = click
        }
    }

    /// How Herald signs in when the server controls who may publish.
    public enum Credentials: Sendable, Equatable {
        /// An access token, `tk_…`.
        case token(String)
        case user(name: String, password: String)

        var header: String {
            switch self {
            case .token(let token): "Bearer \(token)"
            case .user(let name, let password): "Basic " + Data("\(name):\(password)".utf8).base64EncodedString()
            }
        }
    }

    public init(client: OutboundClient = .standard, settings: Settings, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.settings = settings
        self.timeout = timeout
    }

    /// ntfy's 1–5: a page buzzes hardest and pops over (5), the default is 3, low is quieter (2).
    static func priority(_ severity: Severity) -> Int {
        switch severity {
        case .high: 5
        case .medium: 3
        case .low: 2
        }
    }

    /// Tags that name an emoji are shown as that emoji in front of the title.
    static func tag(_ severity: Severity) -> String {
        switch severity {
        case .high: "rotating_light"
        case .medium: "warning"
        case .low: "information_source"
        }
    }

    static func payload(_ message: OutgoingMessage, settings: Settings) -> [String: Any] {
        var json: [String: Any] = [
            "topic": message.address,
            "message": TextLimit.fitted(message.body, limit: messageLimit, in: .utf8Bytes),
            "priority": priority(message.severity),
            "tags": [tag(message.severity)],
            // The IM rendering is Markdown.
            "markdown": true,
        ]
        if let subject = message.subject { json["title"] = subject }
        if let click = settings.click { json["click"] = click }
        return json
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        // JSON goes to the root: posted to /topic, the JSON text itself would become the message.
        var base = settings.server
        while base.hasSuffix("/") { base.removeLast() }
        let headers = settings.credentials.map { [("Authorization", $0.header)] } ?? []
        switch await JSONPost.send(client, url: base + "/", json: Self.payload(message, settings: settings), headers: headers, timeout: timeout) {
        case .failed(let outcome):
            return outcome
        case .answered(let status, let headers, let body):
            let answer = ProviderPost.object(body)
            if (200..<300).contains(status) { return .sent(providerID: answer?["id"] as? String, cost: nil) }
            let code = answer?["code"] as? Int
            let detail = "HTTP \(status)" + (code.map { ", ntfy \($0): \(answer?["error"] as? String ?? "")" } ?? ": \(body.prefix(200))")
            switch (status, code) {
            // 42901 is the request bucket, refilled one request every 5 s by default; ntfy sends no Retry-After.
            case (429, 42901?): return .retryable(reason: detail, retryAfter: 5)
            // The others are daily quotas and too many failed sign-ins: not worth waiting for.
            case (429, _?): return .permanent(reason: detail)
            case (429, nil): return .retryable(reason: detail, retryAfter: HTTPOutcome.retryAfter(headers))
            // 507: the topic takes UnifiedPush only, which no retry changes.
            case (507, _): return .permanent(reason: detail)
            case (500..<600, _): return .retryable(reason: detail, retryAfter: HTTPOutcome.retryAfter(headers))
            default: return .permanent(reason: detail)
            }
        }
    }
}

extension NtfyChannel: ChannelDefinition {
    /// A topic as ntfy allows it. The server's default allows a burst of 60 requests from one
    /// address, refilled one every 5 seconds; inside that, Herald alone never meets a 429.
    public static let traits = ChannelTraits(
        kind: .ntfy, templateKind: .im, group: .im,
        address: .matching("^[-_A-Za-z0-9]{1,64}$", "an ntfy topic: 1 to 64 letters, digits, '-' or '_'"),
        rateLimits: [RateLimit(60, per: 300)])

    public static let setup = ChannelSetup.section(settings(from:))

    /// `server` (required), `token` or `username` and `password`, and `click`.
    static func settings(from item: inout ObjectReader) -> Settings? {
        let server = item.requiredString("server")
        if let server { item.add(Validate.webURL(server, field: item.path("server"))) }
        let token = item.string("token")
        let username = item.string("username")
        let password = item.string("password")
        var credentials: Credentials?
        switch (token, username, password) {
        case (let token?, nil, nil):
            item.add(Validate.text(token, field: item.path("token"), maximum: 200))
            credentials = .token(token)
        case (nil, let username?, let password?):
            credentials = .user(name: username, password: password)
        case (nil, nil, nil):
            break
        case (_?, _, _):
            item.add([FieldError(item.path("token"), "goes alone: a token or a username and password, not both")])
        default:
            item.add([FieldError(item.path("password"), "username and password go together")])
        }
        let click = item.string("click")
        if let click { item.add(Validate.webURL(click, field: item.path("click"))) }
        guard let server else { return nil }
        return Settings(server: server, credentials: credentials, click: click)
    }

    public static func channel(_ settings: Settings, context: ChannelContext) -> any Channel {
        NtfyChannel(client: context.outbound, settings: settings)
    }
}

extension ChannelKind {
    public static let ntfy = ChannelKind("ntfy")
}
