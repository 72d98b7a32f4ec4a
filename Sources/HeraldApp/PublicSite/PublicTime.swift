import Foundation

/// Times as the public formats want them, always with an explicit offset.
public enum PublicTime {
    /// Statuspage's form: `2026-11-22T10:00:00.000+08:00`.
    public static func statuspage(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS"
        return formatter.string(from: date) + offset(date, zone, separator: ":")
    }

    /// RFC 3339 without fractions and always with a numeric offset, never `Z` (CAP's schema
    /// requires the offset): `2026-11-22T10:00:00+08:00`.
    public static func rfc3339(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: date) + offset(date, zone, separator: ":")
    }

    public static func offset(_ date: Date, _ zone: TimeZone, separator: String) -> String {
        let seconds = zone.secondsFromGMT(for: date)
        return String(format: "%@%02d%@%02d", seconds < 0 ? "-" : "+", abs(seconds) / 3600, separator, abs(seconds) % 3600 / 60)
    }

    /// iCalendar's UTC form: `20261122T020000Z`.
    public static func iCalendarUTC(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// RFC 822 as RSS wants it: `Sun, 22 Nov 2026 10:00:00 +0800`.
    public static func rfc822(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// For people: `2026-11-22 10:00 (UTC+08:00)`.
    public static func readable(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return "\(formatter.string(from: date)) (UTC\(offset(date, zone, separator: ":")))"
    }
}
