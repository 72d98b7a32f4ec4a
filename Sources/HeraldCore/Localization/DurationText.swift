import Foundation

/// Durations in words, to the nearest minute: "2 小时 30 分钟", "2 hours 30 minutes", "1 day 3 hours".
/// Notice texts use it, and so does the check's short-notice warning ("6 minutes", not "0.1 hours").
public enum DurationText {
    public static func format(_ seconds: TimeInterval, language: Language) -> String {
        // Under a minute in seconds: a drill acknowledged in 40 s did not take "1 minute", nor "0".
        if seconds < 59.5 { return language.count(Int(max(0, seconds).rounded()), one: .durationSecond, other: .durationSeconds) }
        let minutes = Int((seconds / 60).rounded())
        let (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60)
        var parts: [String] = []
        if days > 0 { parts.append(language.count(days, one: .durationDay, other: .durationDays)) }
        if hours > 0 { parts.append(language.count(hours, one: .durationHour, other: .durationHours)) }
        if rest > 0 || parts.isEmpty { parts.append(language.count(rest, one: .durationMinute, other: .durationMinutes)) }
        return parts.joined(separator: " ")
    }
}
