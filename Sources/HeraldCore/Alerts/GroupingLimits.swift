/// The ranges Herald accepts for grouping and escalation timing, wherever they are set (API or file).
public enum GroupingLimits {
    /// Seconds the first page may wait to gather alerts: up to an hour.
    public static let groupWait = 0...3600
    /// Seconds between announcements of joined alerts: a second to a day.
    public static let groupInterval = 1...86400
    /// Minutes an escalation step waits before the next: up to a day.
    public static let stepWait = 0...1440

    /// Every problem with a group wait and interval, by field.
    public static func check(groupWait: Int, groupInterval: Int) -> [FieldError] {
        var errors: [FieldError] = []
        if !Self.groupWait.contains(groupWait) {
            errors.append(FieldError("group_wait_seconds", "must be from \(Self.groupWait.lowerBound) to \(Self.groupWait.upperBound)"))
        }
        if !Self.groupInterval.contains(groupInterval) {
            errors.append(FieldError("group_interval_seconds", "must be from \(Self.groupInterval.lowerBound) to \(Self.groupInterval.upperBound)"))
        }
        return errors
    }
}
