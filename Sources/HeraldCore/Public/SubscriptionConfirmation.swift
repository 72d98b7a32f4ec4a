import Foundation

/// What a confirmation link does when it is opened. A link works for `lifetime` after the
/// subscription was asked for (its email is queued in the same transaction), so an address someone
/// typed by mistake is not subscribed by whoever finds the mail months later. A confirmed
/// subscription stays confirmed: opening its link again changes nothing, however late.
public enum SubscriptionConfirmation {
    /// Seven days, as the confirmation email says.
    public static let lifetime: TimeInterval = 7 * 86400

    public enum Decision: Sendable, Equatable {
        /// Pending and in time: confirm it now.
        case confirm
        /// Already confirmed or ended: nothing changes.
        case unchanged
        /// Pending, but the link stopped working at `expiredAt`; subscribing again sends a new one.
        case expired(expiredAt: Date)
    }

    public static func expiry(of subscription: Subscription, lifetime: TimeInterval = lifetime) -> Date {
        subscription.createdAt.addingTimeInterval(lifetime)
    }

    public static func decide(_ subscription: Subscription, now: Date, lifetime: TimeInterval = lifetime) -> Decision {
        guard subscription.state == .pending else { return .unchanged }
        let expiry = expiry(of: subscription, lifetime: lifetime)
        return now < expiry ? .confirm : .expired(expiredAt: expiry)
    }

    /// The lifetime in whole days, as the email and the page say it.
    public static func days(_ lifetime: TimeInterval = lifetime) -> Int {
        max(1, Int((lifetime / 86400).rounded()))
    }
}
