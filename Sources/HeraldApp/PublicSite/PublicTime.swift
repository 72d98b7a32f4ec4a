import Foundation
import HeraldCore

/// Times as the public formats want them, always with an explicit offset.
public enum PublicTime {
    /// Statuspage's form: `2026-11-22T10:00:00.000+08:00`.
    public static func statuspage(_ date: Date, _ zone: TimeZone) -> String {
        let time = CivilTime(date, in: zone)
        return time.dateText + "T" + time.secondText + "." + CivilTime.pad(time.millisecond, 3) + time.offsetText()
    }

    /// RFC 3339 without fractions and always with a numeric offset, never `Z` (CAP's schema
    /// requires the offset): `2026-11-22T10:00:00+08:00`.
    public static func rfc3339(_ date: Date, _ zone: TimeZone) -> String {
        let time = CivilTime(date, in: zone)
        return time.dateText + "T" + time.secondText + time.offsetText()
    }

    public static func offset(_ date: Date, _ zone: TimeZone, separator: String) -> String {
        CivilTime(date, in: zone).offsetText(separator: separator)
    }

    /// iCalendar's UTC form: `20261122T020000Z`.
    public static func iCalendarUTC(_ date: Date) -> String {
        let time = CivilTime(date, offset: 0)
        return time.dateText.replacingOccurrences(of: "-", with: "") + "T" + time.secondText.replacingOccurrences(of: ":", with: "") + "Z"
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
        let time = CivilTime(date, in: zone)
        return time.dateText + " " + time.minuteText + " (UTC" + time.offsetText() + ")"
    }
}
