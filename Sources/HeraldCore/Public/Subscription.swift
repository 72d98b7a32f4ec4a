import Foundation

/// Someone outside who asked to be told: by email, or by webhook (with an email to confirm it and
/// to hear about failures), about every component or the ones they chose, in their language.
///
/// Nothing is sent to a subscription before it is confirmed from the email (double opt-in). A
/// confirmed email subscription becomes a contact of the delivery engine, so notices reach it like
/// any other audience; a webhook subscription receives Statuspage-style payloads.
public struct Subscription: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case email, webhook
    }

    public enum State: String, Sendable, Codable, CaseIterable {
        case pending, confirmed, unsubscribed
    }

    public var id: String
    public var kind: Kind
    public var email: String
    public var webhookURL: String?
    /// Components followed; empty means all of them.
    public var components: [String]
    public var language: Language
    public var state: State
    /// The contact it became once confirmed (email subscriptions).
    public var contactID: String?
    public var createdAt: Date
    public var confirmedAt: Date?

    public init(
        id: String, kind: Kind, email: String, webhookURL: String? = nil, components: [String] = [], language: Language = .zhCN,
        state: State = .pending, contactID: String? = nil, createdAt: Date, confirmedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.email = email
        self.webhookURL = webhookURL
        self.components = components
        self.language = language
        self.state = state
        self.contactID = contactID
        self.createdAt = createdAt
        self.confirmedAt = confirmedAt
    }

    /// Whether it wants to hear about any of `components` (an update naming none reaches everyone).
    public func follows(any affected: [String]) -> Bool {
        components.isEmpty || affected.isEmpty || !Set(components).isDisjoint(with: affected)
    }
}
