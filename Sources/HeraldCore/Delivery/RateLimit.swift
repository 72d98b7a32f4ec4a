import Foundation
import Synchronization

/// How often a provider accepts messages, e.g. 20 per minute for a DingTalk robot.
public struct RateLimit: Sendable, Equatable {
    public var count: Int
    public var per: TimeInterval

    public init(_ count: Int, per: TimeInterval) {
        self.count = count
        self.per = per
    }
}

/// Sliding-window limits per channel, counted in this process. Several nodes each keep their own,
/// so with N nodes set each limit to 1/N of the provider's.
///
/// A sliding window rather than a token bucket: a bucket lets a full burst plus its refill through
/// in the first window, which is exactly what DingTalk punishes by silencing the robot for ten minutes.
public final class RateLimiter: Sendable {
    private let limits: [ChannelKind: [RateLimit]]
    private let sent = Mutex<[ChannelKind: [Date]]>([:])

    /// `limits` per channel, usually the catalogue's `rateLimits`; a channel without any is never held.
    public init(limits: [ChannelKind: [RateLimit]] = [:]) {
        self.limits = limits
    }

    /// Takes a slot for one message on `channel` at `now`, or says how long until one is free.
    public func reserve(_ channel: ChannelKind, now: Date) -> TimeInterval? {
        guard let windows = limits[channel], !windows.isEmpty else { return nil }
        return sent.withLock { sent in
            let longest = windows.map(\.per).max() ?? 0
            var times = (sent[channel] ?? []).filter { now.timeIntervalSince($0) < longest }
            var wait: TimeInterval = 0
            for window in windows {
                let inWindow = times.filter { now.timeIntervalSince($0) < window.per }
                if inWindow.count >= window.count, let oldest = inWindow.first {
                    wait = max(wait, window.per - now.timeIntervalSince(oldest))
                }
            }
            if wait > 0 {
                sent[channel] = times
                return wait
            }
            times.append(now)
            sent[channel] = times
            return nil
        }
    }
}

