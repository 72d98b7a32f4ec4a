import Foundation

/// One day of a component's history: its worst status and how much of the day it was up.
public struct UptimeDay: Sendable, Equatable {
    /// The day's first instant in the page's time zone.
    public var start: Date
    /// nil before the component existed.
    public var worst: ComponentStatus?
    /// From 0 to 1; a major outage counts fully, a partial outage 30 %, as Statuspage counts them.
    /// Maintenance and degraded performance do not count as down.
    public var uptime: Double?
    /// How much of the day there is data for: the time the component existed, up to now.
    public var observed: TimeInterval

    public init(start: Date, worst: ComponentStatus?, uptime: Double?, observed: TimeInterval = 86_400) {
        self.start = start
        self.worst = worst
        self.uptime = uptime
        self.observed = uptime == nil ? 0 : observed
    }
}

/// Works out a component's daily uptime from its recorded status changes.
public enum Uptime {
    static func downWeight(_ status: ComponentStatus) -> Double {
        switch status {
        case .majorOutage: 1
        case .partialOutage: 0.3
        default: 0
        }
    }

    /// The last `days` days up to `now` (today included), oldest first, in `zone`.
    /// `changes` are the component's changes oldest first; `current` is its status now.
    public static func days(
        changes: [ComponentStatusChange], current: ComponentStatus, createdAt: Date, now: Date, days: Int, zone: TimeZone
    ) -> [UptimeDay] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.startOfDay(for: now)
        let starts = (0..<days).reversed().compactMap { calendar.date(byAdding: .day, value: -$0, to: today) }
        // The status in force at each moment: before the first change, that change's old status.
        var segments: [(from: Date, status: ComponentStatus)] = [(createdAt, changes.first?.oldStatus ?? current)]
        for change in changes { segments.append((change.changedAt, change.newStatus)) }
        return starts.map { start in
            let end = min(calendar.date(byAdding: .day, value: 1, to: start) ?? start, now)
            guard end > createdAt, end > start else { return UptimeDay(start: start, worst: nil, uptime: nil) }
            let from = max(start, createdAt)
            var worst = ComponentStatus.operational
            var down = 0.0
            for (index, segment) in segments.enumerated() {
                let segmentEnd = index + 1 < segments.count ? segments[index + 1].from : .distantFuture
                let overlap = min(segmentEnd, end).timeIntervalSince(max(segment.from, from))
                guard overlap > 0 else { continue }
                worst = max(worst, segment.status)
                down += overlap * downWeight(segment.status)
            }
            let span = end.timeIntervalSince(from)
            return UptimeDay(start: start, worst: worst, uptime: span > 0 ? 1 - down / span : 1, observed: span)
        }
    }

    /// Uptime over the time there is data for, from 0 to 1: each day weighs as much as it was
    /// observed, so the hour a new component has existed, or today's hours so far, do not count as
    /// whole days. Nil when there is no data at all.
    public static func overall(_ days: [UptimeDay]) -> Double? {
        let observed = days.reduce(0) { $0 + ($1.uptime == nil ? 0 : $1.observed) }
        guard observed > 0 else { return days.contains { $0.uptime != nil } ? 1 : nil }
        return days.reduce(0) { $0 + ($1.uptime ?? 0) * $1.observed } / observed
    }
}
