import Foundation

/// One message to one address on one channel: a stored row before anything is sent.
public struct Delivery: Sendable, Equatable {
    public var id: Int64
    /// Reaches the receiver (webhook `Idempotency-Key`, email `Message-ID`) so a repeat is recognised.
    public var idempotencyKey: String
    public var channel: ChannelKind
    public var address: String
    public var severity: Severity
    public var subject: String?
    /// The plain text; for email also the text part.
    public var body: String
    /// The HTML part of an email.
    public var html: String?
    public var state: DeliveryState
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var announcementID: Int64?
    /// The contact it is for, when it came from a fan-out; fallbacks need it.
    public var contactID: String?
    /// The delivery this one replaces after that one failed for good.
    public var fallbackFrom: Int64?
    public var createdAt: Date
    public var sentAt: Date?
    /// The recipient's one-click unsubscribe link, sent as `List-Unsubscribe` with email.
    public var unsubscribeURL: String?
    /// The provider's id for the sent message (Twilio's sid), which its receipts name.
    public var providerID: String?
    /// When the fallback takes over unless a receipt confirms it first.
    public var confirmBy: Date?
    public var confirmedAt: Date?
    /// When it was first tried; its kind's retry budget runs from then. Nil before the first attempt.
    public var firstAttemptAt: Date?
    /// The buttons it carries on channels that show them (a page's acknowledge and resolve); stored
    /// with its text. Deliveries queued before buttons existed have none.
    public var actions: [MessageAction]

    public init(
        id: Int64, idempotencyKey: String, channel: ChannelKind, address: String, severity: Severity, subject: String?,
        body: String, html: String? = nil, state: DeliveryState, attempts: Int, nextAttemptAt: Date, lastError: String?, announcementID: Int64?,
        contactID: String? = nil, fallbackFrom: Int64? = nil, createdAt: Date, sentAt: Date?, unsubscribeURL: String? = nil,
        providerID: String? = nil, confirmBy: Date? = nil, confirmedAt: Date? = nil, firstAttemptAt: Date? = nil, actions: [MessageAction] = []
    ) {
        self.actions = actions
        self.firstAttemptAt = firstAttemptAt
        self.providerID = providerID
        self.confirmBy = confirmBy
        self.confirmedAt = confirmedAt
        self.unsubscribeURL = unsubscribeURL
        self.contactID = contactID
        self.fallbackFrom = fallbackFrom
        self.id = id
        self.idempotencyKey = idempotencyKey
        self.channel = channel
        self.address = address
        self.severity = severity
        self.subject = subject
        self.body = body
        self.html = html
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.announcementID = announcementID
        self.createdAt = createdAt
        self.sentAt = sentAt
    }
}

extension Delivery {
    public var kind: DeliveryKind { DeliveryKind(idempotencyKey: idempotencyKey) }
    public var lane: DeliveryLane { DeliveryLane.of(kind) }
    public var destination: String { DeliveryDestination.of(channel: channel, address: address) }
}

/// Where a delivery stands.
public enum DeliveryState: String, Sendable, Codable, CaseIterable {
    /// Waiting for its next attempt (the first, or a retry).
    case pending
    case sent
    /// Failed for good or out of attempts; listed for an operator to retry.
    case dead
    /// Not sent, and never to be: what it announced was cancelled before its turn came.
    case withdrawn
}

/// A delivery to be queued.
public struct NewDelivery: Sendable, Equatable {
    public var kind: DeliveryKind { DeliveryKind(idempotencyKey: idempotencyKey) }
    public var lane: DeliveryLane { DeliveryLane.of(kind) }
    public var destination: String { DeliveryDestination.of(channel: channel, address: address) }

    public var idempotencyKey: String
    public var channel: ChannelKind
    public var address: String
    public var severity: Severity
    public var subject: String?
    public var body: String
    public var html: String?
    public var announcementID: Int64?
    public var contactID: String?
    public var fallbackFrom: Int64?
    /// Held until then (the recipient's quiet hours); nil sends at once.
    public var notBefore: Date?
    public var unsubscribeURL: String?
    /// Buttons for channels that show them; the others send the text alone.
    public var actions: [MessageAction]

    public init(
        idempotencyKey: String, channel: ChannelKind, address: String, severity: Severity, subject: String? = nil,
        body: String, html: String? = nil, announcementID: Int64? = nil, contactID: String? = nil, fallbackFrom: Int64? = nil,
        notBefore: Date? = nil, unsubscribeURL: String? = nil, actions: [MessageAction] = []
    ) {
        self.actions = actions
        self.unsubscribeURL = unsubscribeURL
        self.contactID = contactID
        self.fallbackFrom = fallbackFrom
        self.notBefore = notBefore
        self.html = html
        self.idempotencyKey = idempotencyKey
        self.channel = channel
        self.address = address
        self.severity = severity
        self.subject = subject
        self.body = body
        self.announcementID = announcementID
    }
}

/// One try at sending, as recorded: when, what came back, how long it took, what it cost.
public struct DeliveryAttempt: Sendable, Equatable, Codable {
    enum CodingKeys: String, CodingKey {
        case number, at, outcome, detail, cost, node
        case latencyMilliseconds = "latency_ms"
    }

    public var number: Int
    public var at: Date
    public var outcome: String
    public var detail: String?
    public var latencyMilliseconds: Int
    public var cost: Double?
    /// The node that made it (`Store.node`); nil for an attempt no node made, such as a lease that ran out.
    public var node: String?

    public init(number: Int, at: Date, outcome: String, detail: String?, latencyMilliseconds: Int, cost: Double?, node: String? = nil) {
        self.number = number
        self.at = at
        self.outcome = outcome
        self.detail = detail
        self.latencyMilliseconds = latencyMilliseconds
        self.cost = cost
        self.node = node
    }
}
