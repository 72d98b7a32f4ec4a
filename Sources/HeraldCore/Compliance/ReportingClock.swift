import Foundation

/// One step's clock: when its window opened and the instant it closes (nil for a step without one).
public struct StepClock: Sendable, Equatable {
    public var step: String
    public var opens: Date?
    public var deadline: Date?

    public init(step: String, opens: Date?, deadline: Date?) {
        self.step = step
        self.opens = opens
        self.deadline = deadline
    }
}

/// The regulatory clocks' arithmetic: deadlines from an awareness time and the reminders before
/// them. Pure: the awareness time, the filings and the zone are given.
public enum ReportingClock {
    /// When reminders fall, as fractions of each window: half, three quarters, nine tenths, and at the deadline.
    public static let defaultReminderPoints: [Double] = [0.5, 0.75, 0.9, 1.0]

    /// Each step's window, in the regime's order. `filed` holds when steps were filed (a later step
    /// anchored on one counts from its filing); `zone` is the organisation's, for calendar months.
    public static func clocks(
        _ regime: RegulatoryRegime, awareness: Date, filed: [String: Date] = [:], zone: TimeZone
    ) -> [StepClock] {
        var clocks: [String: StepClock] = [:]
        return regime.steps.map { step in
            let opens: Date?
            switch step.from {
            case .awareness: opens = awareness
            case .step(let earlier): opens = filed[earlier] ?? clocks[earlier]?.deadline
            }
            let deadline = opens.flatMap { start in step.window.flatMap { close(start, after: $0, zone: zone) } }
            let clock = StepClock(step: step.id, opens: opens, deadline: deadline)
            clocks[step.id] = clock
            return clock
        }
    }

    /// The instant a window of `window` from `start` closes.
    public static func close(_ start: Date, after window: RegulatoryRegime.Window, zone: TimeZone) -> Date? {
        switch window {
        case .hours(let hours): return start.addingTimeInterval(Double(hours) * 3600)
        case .months(let months):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            return calendar.date(byAdding: .month, value: months, to: start)
        }
    }

    /// The reminder instants of a step's window, at each of `points` (fractions of the window).
    public static func reminders(_ clock: StepClock, points: [Double] = defaultReminderPoints) -> [Date] {
        guard let opens = clock.opens, let deadline = clock.deadline, deadline > opens else { return [] }
        let length = deadline.timeIntervalSince(opens)
        return points.sorted().map { point in
            // Whole milliseconds, so a reminder is the same instant however it is stored.
            Date(timeIntervalSince1970: ((opens.timeIntervalSince1970 + length * point) * 1000).rounded() / 1000)
        }
    }
}
