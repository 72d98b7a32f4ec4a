import Foundation

/// When to try a failed delivery again: exponential backoff with full jitter, up to a number of attempts.
public struct RetryPolicy: Sendable, Equatable {
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval
    /// Attempts in all, the first included; after the last a retryable failure becomes a dead letter.
    public var maximumAttempts: Int

    public init(firstDelay: TimeInterval = 5, maximumDelay: TimeInterval = 600, maximumAttempts: Int = 8) {
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
    }

    /// The wait after failed attempt number `attempt` (1-based), or nil when no attempt is left.
    /// Full jitter (a random wait up to the exponential bound) keeps many failed deliveries from
    /// retrying in lockstep against a provider that is already struggling.
    public func delay<G: RandomNumberGenerator>(afterAttempt attempt: Int, retryAfter: TimeInterval? = nil, using generator: inout G)
        -> TimeInterval?
    {
        guard attempt < maximumAttempts else { return nil }
        let bound = min(maximumDelay, firstDelay * pow(2, Double(attempt - 1)))
        let jittered = Double.random(in: (bound / 2)...bound, using: &generator)
        // A provider's own Retry-After wins when it asks for longer.
        return max(jittered, retryAfter ?? 0)
    }

    public func delay(afterAttempt attempt: Int, retryAfter: TimeInterval? = nil) -> TimeInterval? {
        var generator = SystemRandomNumberGenerator()
        return delay(afterAttempt: attempt, retryAfter: retryAfter, using: &generator)
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
