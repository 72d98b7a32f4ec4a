import Foundation

/// Where one delivery goes after an attempt: sent (waiting for a receipt or not), tried again at a
/// time, or a dead letter, which hands it to its fallback.
public enum DeliveryTransition: Sendable, Equatable {
    case sent(providerID: String?, cost: Double?, confirmBy: Date?)
    case retry(at: Date, reason: String)
    case dead(reason: String)

    /// Decides from the attempt's outcome. `attempt` counts this one; `confirmWithin` is how long the
    /// channel's receipt may take, when the channel reports delivery; `generator` jitters the retry.
    public static func after<G: RandomNumberGenerator>(
        attempt: Int, outcome: SendOutcome, confirmWithin: TimeInterval?, policy: RetryPolicy, now: Date, using generator: inout G
    ) -> DeliveryTransition {
        switch outcome {
        case .sent(let providerID, let cost):
            return .sent(providerID: providerID, cost: cost, confirmBy: confirmWithin.map { now.addingTimeInterval($0) })
        case .retryable(let reason, let retryAfter):
            guard let wait = policy.delay(afterAttempt: attempt, retryAfter: retryAfter, using: &generator) else {
                return .dead(reason: "gave up after \(attempt) attempts: \(reason)")
            }
            return .retry(at: now.addingTimeInterval(wait), reason: reason)
        case .permanent(let reason):
            return .dead(reason: reason)
        }
    }

    public static func after(
        attempt: Int, outcome: SendOutcome, confirmWithin: TimeInterval?, policy: RetryPolicy, now: Date
    ) -> DeliveryTransition {
        var generator = SystemRandomNumberGenerator()
        return after(attempt: attempt, outcome: outcome, confirmWithin: confirmWithin, policy: policy, now: now, using: &generator)
    }

    /// How the attempt is recorded: `sent`, `retryable` or `permanent`, as the provider answered.
    public static func label(_ outcome: SendOutcome) -> String {
        switch outcome {
        case .sent: "sent"
        case .retryable: "retryable"
        case .permanent: "permanent"
        }
    }
}
