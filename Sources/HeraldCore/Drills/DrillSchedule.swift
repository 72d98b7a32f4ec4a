import Foundation

/// A drill the config schedules every month: its team and severity, and which day and time, e.g.
/// the first Tuesday of each month at 10:00 Asia/Shanghai (`on: first tuesday`, `at: "10:00"`).
public struct DrillSchedule: Sendable, Equatable {
    /// Which of the month's weekdays: the first to the fourth, or the last.
    public enum Ordinal: Int, Sendable, CaseIterable {
        case first = 1, second, third, fourth
        case last = -1

        var word: String {
            switch self {
            case .first: "first"
            case .second: "second"
            case .third: "third"
            case .fourth: "fourth"
            case .last: "last"
            }
        }
    }

    public var team: String
    public var severity: Severity
    public var ordinal: Ordinal
    /// 1 Monday … 7 Sunday (ISO 8601).
    public var weekday: Int
    public var hour: Int
    public var minute: Int
    public var zone: TimeZone

    public init(team: String, severity: Severity = .high, ordinal: Ordinal, weekday: Int, hour: Int, minute: Int, zone: TimeZone) {
        self.team = team
        self.severity = severity
        self.ordinal = ordinal
        self.weekday = weekday
        self.hour = hour
        self.minute = minute
        self.zone = zone
    }

    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// Reads `on` ("first tuesday", "last friday") and `at` ("10:00"); each problem names its field.
    public static func parse(team: String, severity: Severity, on: String, at: String, zone: TimeZone, field: String)
        -> Result<DrillSchedule, ValidationFailure>
    {
        var errors: [FieldError] = []
        let words = on.lowercased().split(separator: " ").map(String.init)
        let ordinal = words.first.flatMap { word in Ordinal.allCases.first { $0.word == word } }
        let weekday = words.count == 2 ? weekdays.firstIndex(of: words[1]).map { $0 + 1 } : nil
        if words.count != 2 || ordinal == nil || weekday == nil {
            errors.append(FieldError(field + ".on", "must be first, second, third, fourth or last, then a weekday, e.g. \"first tuesday\"; got '\(on)'"))
        }
        let parts = at.split(separator: ":", omittingEmptySubsequences: false)
        let hour = parts.count == 2 && parts[0].count == 2 ? Int(parts[0]) : nil, minute = parts.count == 2 && parts[1].count == 2 ? Int(parts[1]) : nil
        if hour == nil || minute == nil || !(0...23).contains(hour ?? -1) || !(0...59).contains(minute ?? -1) {
            errors.append(FieldError(field + ".at", "must be a time of day as HH:MM, e.g. \"10:00\"; got '\(at)'"))
        }
        guard errors.isEmpty, let ordinal, let weekday, let hour, let minute else { return .failure(ValidationFailure(errors)) }
        return .success(DrillSchedule(team: team, severity: severity, ordinal: ordinal, weekday: weekday, hour: hour, minute: minute, zone: zone))
    }

    /// The drill's time in the month `year`-`month`, in its zone.
    public func occurrence(year: Int, month: Int) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let first = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
            let days = calendar.range(of: .day, in: .month, for: first)?.count
        else { return nil }
        // Foundation's weekday is 1 Sunday … 7 Saturday.
        let firstWeekday = (calendar.component(.weekday, from: first) + 5) % 7 + 1
        let firstMatch = 1 + (weekday - firstWeekday + 7) % 7
        let day: Int
        switch ordinal {
        case .last:
            var last = firstMatch
            while last + 7 <= days { last += 7 }
            day = last
        default:
            day = firstMatch + 7 * (ordinal.rawValue - 1)
        }
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))
    }

    /// The latest time the drill was due at or before `now`: this month's, or last month's.
    public func latest(atOrBefore now: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.dateComponents([.year, .month], from: now)
        guard let year = today.year, let month = today.month else { return nil }
        if let this = occurrence(year: year, month: month), this <= now { return this }
        return month == 1 ? occurrence(year: year - 1, month: 12) : occurrence(year: year, month: month - 1)
    }

    /// Whether a drill is due at `now`: its latest time has come, no longer than `grace` ago (a node
    /// that was down for a day does not start last week's drill), and it has not been started for
    /// that time (`started` is the key of the last one started).
    public func due(at now: Date, started: String?, grace: TimeInterval = 3600) -> (at: Date, key: String)? {
        guard let at = latest(atOrBefore: now), now.timeIntervalSince(at) <= grace else { return nil }
        let key = self.key(at)
        return started == key ? nil : (at, key)
    }

    /// The occurrence's key, its day in the drill's zone: `2026-12-01`.
    public func key(_ occurrence: Date) -> String { CivilTime(occurrence, in: zone).dateText }

    /// The job that starts this schedule's drills: one per team, day and time, whichever node runs it.
    public var job: String { "drill:\(team):\(ordinal.word)-\(Self.weekdays[weekday - 1]):\(CivilTime.pad(hour, 2))\(CivilTime.pad(minute, 2))" }
}
