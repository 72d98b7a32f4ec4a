import Foundation

/// How fast one channel's messages got somewhere: nearest-rank p50 and p95 (each a time one
/// message really took), over `count` messages.
public struct LatencyFigures: Sendable, Equatable {
    public var count: Int
    /// Seconds; nil when no message got there.
    public var p50: Double?
    public var p95: Double?

    public init(count: Int, p50: Double? = nil, p95: Double? = nil) {
        self.count = count
        self.p50 = p50
        self.p95 = p95
    }
}

/// One channel's line of the delivery report over a period.
public struct DeliveryReportRow: Sendable, Equatable {
    public var channel: ChannelKind
    /// Every delivery queued in the period, whatever became of it.
    public var queued: Int
    public var sent: Int
    /// Dead letters: failed for good or out of attempts.
    public var failed: Int
    /// Still waiting for an attempt.
    public var pending: Int
    /// Never sent because what they announced was cancelled first.
    public var withdrawn: Int
    /// Queued as the fallback of a delivery on another channel.
    public var fallbacks: Int
    /// From queued to sent (handed to the provider).
    public var toSent: LatencyFigures
    /// From queued to confirmed by the provider's receipt, where the channel has receipts.
    public var toConfirmed: LatencyFigures
    public var cost: Double

    public init(
        channel: ChannelKind, queued: Int, sent: Int, failed: Int, pending: Int, withdrawn: Int, fallbacks: Int, toSent: LatencyFigures,
        toConfirmed: LatencyFigures, cost: Double
    ) {
        self.channel = channel
        self.queued = queued
        self.sent = sent
        self.failed = failed
        self.pending = pending
        self.withdrawn = withdrawn
        self.fallbacks = fallbacks
        self.toSent = toSent
        self.toConfirmed = toConfirmed
        self.cost = cost
    }

    /// Sent out of those settled (sent or failed); pending and withdrawn ones are not yet, or never,
    /// a success or a failure. nil while none settled.
    public var successRate: Double? {
        let settled = sent + failed
        return settled == 0 ? nil : Double(sent) / Double(settled)
    }
}

/// The delivery report's rules: which message's time is a percentile.
public enum DeliveryReport {
    /// The percentiles the report shows.
    public static let percentiles = [50, 95]

    /// The 0-based position, in `count` times sorted from fastest, of the nearest-rank `percent`th
    /// percentile: the smallest time with at least `percent` % of them at or below it.
    public static func rankIndex(_ percent: Int, count: Int) -> Int {
        guard count > 0 else { return 0 }
        let rank = Int((Double(percent) / 100 * Double(count)).rounded(.up))
        return min(max(rank - 1, 0), count - 1)
    }
}
