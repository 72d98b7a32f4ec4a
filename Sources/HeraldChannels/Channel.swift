import HeraldCore

/// A way to send one message to one address. Every channel lives in its own file behind this protocol.
public protocol Channel: Sendable {
    var kind: ChannelKind { get }
    /// Sends once and says how it went; throwing is reserved for bugs, never for provider answers.
    func send(_ message: OutgoingMessage) async -> SendOutcome
    /// Whether the provider later reports if the message reached the person (a delivery receipt).
    var confirmsDelivery: Bool { get }
}

extension Channel {
    public var confirmsDelivery: Bool { false }
}

/// What a channel sends: the rendered text, where to, and the key that lets the receiver drop repeats.
public struct OutgoingMessage: Sendable, Equatable {
    public var idempotencyKey: String
    public var address: String
    public var subject: String?
    public var body: String
    /// The HTML part, for email.
    public var html: String?
    public var severity: Severity
    /// For email: the recipient's one-click unsubscribe link (RFC 8058).
    public var unsubscribeURL: String?
    /// Buttons, for channels that show them (DingTalk, Feishu, WeCom, Slack, Teams); each opens its URL.
    public var actions: [MessageAction]

    public init(
        idempotencyKey: String, address: String, subject: String?, body: String, html: String? = nil, severity: Severity,
        unsubscribeURL: String? = nil, actions: [MessageAction] = []
    ) {
        self.actions = actions
        self.unsubscribeURL = unsubscribeURL
        self.html = html
        self.idempotencyKey = idempotencyKey
        self.address = address
        self.subject = subject
        self.body = body
        self.severity = severity
    }

    public init(_ delivery: Delivery) {
        self.init(
            idempotencyKey: delivery.idempotencyKey, address: delivery.address, subject: delivery.subject,
            body: delivery.body, html: delivery.html, severity: delivery.severity, unsubscribeURL: delivery.unsubscribeURL,
            actions: delivery.actions)
    }
}
