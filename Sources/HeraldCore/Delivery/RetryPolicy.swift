import Foundation

/// When to try a failed delivery again: capped exponential backoff with jitter, for as long as a
/// delivery of its kind is worth retrying, counted from its first attempt. Time, not a number of
/// attempts, is the budget: an outage of an hour costs a notice nothing, however many tries it takes.
public struct RetryPolicy: Sendable, Equatable {
    public var firstDelay: TimeInterval
    /// The cap on the backoff: a receiver that is back is found within this.
    public var maximumDelay: TimeInterval
    /// How long after its first attempt a delivery of each kind is still retried.
    public var retryFor: [DeliveryKind: TimeInterval]

    /// Notices, subscriber updates and other messages for a day; a page for 15 minutes, after which
    /// it is a dead letter and its fallback takes over (the next channel of the chain, and the
    /// escalation's next step pages the next person): a page that arrives an hour late helps nobody.
    public static let defaultRetryFor: [DeliveryKind: TimeInterval] = [
        .page: 15 * 60, .notice: 24 * 3600, .subscriberUpdate: 24 * 3600, .message: 24 * 3600,
    ]

    /// `retryFor` replaces the defaults for the kinds it names.
    public init(firstDelay: TimeInterval = 5, maximumDelay: TimeInterval = 600, retryFor: [DeliveryKind: TimeInterval] = [:]) {
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.retryFor = Self.defaultRetryFor.merging(retryFor) { _, chosen in chosen }
    }

    /// How long a delivery of `kind` is retried.
    public func budget(_ kind: DeliveryKind) -> TimeInterval {
        retryFor[kind] ?? Self.defaultRetryFor[kind] ?? 24 * 3600
    }

    /// The last moment a delivery of `kind` first tried at `firstAttemptAt` is tried again.
    public func deadline(_ kind: DeliveryKind, firstAttemptAt: Date) -> Date {
        firstAttemptAt.addingTimeInterval(budget(kind))
    }

    /// Whether a retryable failure at `now` makes the delivery a dead letter: its time is up.
    public func givesUp(_ kind: DeliveryKind, firstAttemptAt: Date, now: Date) -> Bool {
        now >= deadline(kind, firstAttemptAt: firstAttemptAt)
    }

    /// The wait after failed attempt number `attempt` (1-based): the bound doubles from `firstDelay`
    /// up to `maximumDelay`, and the wait is drawn from its upper half, so many deliveries that
    /// failed together do not retry in lockstep against a provider that is already struggling.
    /// A provider's own Retry-After wins when it asks for longer.
    public func delay<G: RandomNumberGenerator>(afterAttempt attempt: Int, retryAfter: TimeInterval? = nil, using generator: inout G)
        -> TimeInterval
    {
        let bound = min(maximumDelay, firstDelay * pow(2, Double(max(attempt, 1) - 1)))
        let jittered = Double.random(in: (bound / 2)...bound, using: &generator)
        return max(jittered, retryAfter ?? 0)
    }

    /// When to try again after failed attempt number `attempt` at `now`, or nil when the time is up.
    /// A wait that would end past the deadline ends at it, so the last try is at the deadline.
    public func nextAttempt<G: RandomNumberGenerator>(
        afterAttempt attempt: Int, kind: DeliveryKind, firstAttemptAt: Date, now: Date, retryAfter: TimeInterval? = nil,
        using generator: inout G
    ) -> Date? {
        guard !givesUp(kind, firstAttemptAt: firstAttemptAt, now: now) else { return nil }
        let at = now.addingTimeInterval(delay(afterAttempt: attempt, retryAfter: retryAfter, using: &generator))
        return min(at, deadline(kind, firstAttemptAt: firstAttemptAt))
    }

    /// A span as people write it: `24 h`, `15 min`, `90 s`.
    public static func describe(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds.rounded())
        if whole >= 3600, whole % 3600 == 0 { return "\(whole / 3600) h" }
        if whole >= 60, whole % 60 == 0 { return "\(whole / 60) min" }
        return "\(whole) s"
    }
}

/// What a channel says about one attempt.
public enum SendOutcome: Sendable, Equatable {
    /// Accepted by the provider; `cost` in the provider's currency unit when it says.
    case sent(providerID: String?, cost: Double?)
    /// Timeouts, connection errors, 429, 5xx, a provider's throttling code: try again later.
    case retryable(reason: String, retryAfter: TimeInterval?)
    /// The provider refused it for good (bad address, bad signature, 4xx): do not retry.
    case permanent(reason: String)
}
