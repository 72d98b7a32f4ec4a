import Foundation

/// Whether a sign-in may be tried now, from the recent failures of the account and of the client's
/// address. A throttled attempt is refused before its password is checked, even a right one, and is
/// not itself counted, so the wait ends when the window frees.
public enum LoginThrottle {
    /// Failures older than this no longer count.
    public static let window: TimeInterval = 15 * 60
    /// Failures of one account within the window that stop it signing in.
    public static let accountLimit = 5
    /// Failures from one address within the window (any accounts) that stop it signing in.
    public static let addressLimit = 20

    public enum Verdict: Sendable, Equatable {
        case allowed
        /// Refused until `until`, because of the account's failures or the address's.
        case throttled(until: Date, because: Reason)
    }

    public enum Reason: Sendable, Equatable {
        case account
        case address
    }

    public static func decide(accountFailures: [Date], addressFailures: [Date], now: Date) -> Verdict {
        let byAccount = freed(accountFailures, limit: accountLimit, now: now)
        let byAddress = freed(addressFailures, limit: addressLimit, now: now)
        switch (byAccount, byAddress) {
        case (nil, nil): return .allowed
        case (let account?, nil): return .throttled(until: account, because: .account)
        case (nil, let address?): return .throttled(until: address, because: .address)
        case (let account?, let address?):
            return account >= address ? .throttled(until: account, because: .account) : .throttled(until: address, because: .address)
        }
    }

    /// When fewer than `limit` failures remain in the window, or nil if that is already so.
    static func freed(_ failures: [Date], limit: Int, now: Date) -> Date? {
        let recent = failures.filter { $0 > now.addingTimeInterval(-window) && $0 <= now }.sorted()
        guard recent.count >= limit else { return nil }
        // Once the oldest `count - limit + 1` have left the window, `limit - 1` remain.
        return recent[recent.count - limit].addingTimeInterval(window)
    }
}
