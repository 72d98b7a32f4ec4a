import Foundation

/// Mean, median and 90th percentile of a set of durations, with how many there were.
///
/// Percentiles are nearest-rank (the smallest value with at least p % of the values at or below
/// it): every figure shown is a duration that one incident really took, never an interpolation.
public struct DurationSummary: Sendable, Equatable {
    public var count: Int
    /// Seconds; nil when there is nothing to summarise.
    public var mean: Double?
    public var median: Double?
    public var p90: Double?

    public init(_ seconds: [Double]) {
        let sorted = seconds.sorted()
        count = sorted.count
        guard !sorted.isEmpty else { return }
        mean = sorted.reduce(0, +) / Double(sorted.count)
        median = Self.rank(50, of: sorted)
        p90 = Self.rank(90, of: sorted)
    }

    /// The nearest-rank `percent`th percentile of `sorted`, which must not be empty.
    static func rank(_ percent: Int, of sorted: [Double]) -> Double {
        let index = Int((Double(percent) / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(index, 0), sorted.count - 1)]
    }
}
