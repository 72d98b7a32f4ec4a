import Foundation

/// Where one delivery goes after an attempt: sent (waiting for a receipt or not), tried again at a
/// time, or a dead letter, which hands it to its fallback.
public enum DeliveryTransition: Sendable, Equatable {
    case sent(providerID: String?, cost: Double?, confirmBy: Date?)
    case retry(at: Date, reason: String)
    case dead(reason: String)

    /// Decides from the attempt's outcome. `attempt` counts this one; `firstAttemptAt` is when the
    /// delivery was first tried (nil when this is its first try), from which its kind's retry budget
    /// runs; `confirmWithin` is how long the channel's receipt may take, when the channel reports
    /// delivery; `generator` jitters the retry.
    public static func after<G: RandomNumberGenerator>(
        attempt: Int, outcome: SendOutcome, kind: DeliveryKind, firstAttemptAt: Date?, confirmWithin: TimeInterval?,
        policy: RetryPolicy, now: Date, using generator: inout G
    ) -> DeliveryTransition {
        switch outcome {
        case .sent(let providerID, let cost):
            return .sent(providerID: providerID, cost: cost, confirmBy: confirmWithin.map { now.addingTimeInterval($0) })
        case .retryable(let reason, let retryAfter):
            guard
                let at = policy.nextAttempt(
                    afterAttempt: attempt, kind: kind, firstAttemptAt: firstAttemptAt ?? now, now: now, retryAfter: retryAfter,
                    using: &generator)
            else {
                let tries = attempt == 1 ? "1 attempt" : "\(attempt) attempts"
                return .dead(reason: "gave up after \(tries) in \(RetryPolicy.describe(policy.budget(kind))): \(reason)")
            }
            return .retry(at: at, reason: reason)
        case .permanent(let reason):
            return .dead(reason: reason)
        }
    }

    public static func after(
        attempt: Int, outcome: SendOutcome, kind: DeliveryKind, firstAttemptAt: Date?, confirmWithin: TimeInterval?,
        policy: RetryPolicy, now: Date
    ) -> DeliveryTransition {
        var generator = SystemRandomNumberGenerator()
        return after(
            attempt: attempt, outcome: outcome, kind: kind, firstAttemptAt: firstAttemptAt, confirmWithin: confirmWithin, policy: policy,
            now: now, using: &generator)
    }

    /// Whether this attempt's outcome makes the delivery a dead letter, so its fallback must be
    /// ready to go in with the record. Jitter cannot change it: only the outcome and the time do.
    public static func isFinal(outcome: SendOutcome, kind: DeliveryKind, firstAttemptAt: Date?, policy: RetryPolicy, now: Date) -> Bool {
        switch outcome {
        case .sent: false
        case .permanent: true
        case .retryable: policy.givesUp(kind, firstAttemptAt: firstAttemptAt ?? now, now: now)
        }
    }

    /// How the attempt is recorded: `sent`, `retryable` or `permanent`, as the provider answered.
    public static func label(_ outcome: SendOutcome) -> String {
        switch outcome {
        case .sent: "sent"
        case .retryable: "retryable"
        case .permanent: "permanent"
        }
    }

    /// How an attempt cut short is recorded: a worker claimed the delivery and its lease ran out
    /// without an outcome (the process was killed mid-send). It counts as an attempt, since the
    /// request may well have gone out.
    public static let interruptedLabel = "interrupted"
}
