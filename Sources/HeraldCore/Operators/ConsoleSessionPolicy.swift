import Foundation

/// How long a console session lasts: it ends after 12 hours without use and 7 days after sign-in,
/// whichever comes first. Its last use is written at most once a minute, so a page view is not a write.
public enum ConsoleSessionPolicy {
    public static let idleTimeout: TimeInterval = 12 * 3600
    public static let absoluteTimeout: TimeInterval = 7 * 86400
    public static let touchInterval: TimeInterval = 60

    public enum Verdict: Sendable, Equatable {
        /// Still good; `touch` says whether to record this use as its last.
        case live(touch: Bool)
        case expired(Expiry)
    }

    public enum Expiry: Sendable, Equatable {
        case idle
        case absolute
    }

    public static func decide(createdAt: Date, lastSeenAt: Date, now: Date) -> Verdict {
        if now.timeIntervalSince(createdAt) >= absoluteTimeout { return .expired(.absolute) }
        if now.timeIntervalSince(lastSeenAt) >= idleTimeout { return .expired(.idle) }
        return .live(touch: now.timeIntervalSince(lastSeenAt) >= touchInterval)
    }
}
