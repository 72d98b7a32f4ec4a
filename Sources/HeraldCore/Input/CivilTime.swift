import Foundation

/// A moment as a wall clock at a fixed offset shows it: year to millisecond, by arithmetic alone.
///
/// Formatting with a new DateFormatter costs tens of microseconds on Linux, and the console's lists
/// show two times per row: 100 rows took most of a 40 ms page. The zone's offset still comes from
/// `TimeZone`, which knows the rules; the calendar arithmetic is Howard Hinnant's civil-from-days.
public struct CivilTime: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int
    /// Seconds east of UTC.
    public var offset: Int

    public init(_ date: Date, offset: Int) {
        self.offset = offset
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) + offset * 1000
        let (days, inDay) = Self.floorDivide(milliseconds, 86_400_000)
        millisecond = inDay % 1000
        second = inDay / 1000 % 60
        minute = inDay / 60_000 % 60
        hour = inDay / 3_600_000
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// As `zone`'s clocks show `date`.
    public init(_ date: Date, in zone: TimeZone) {
        self.init(date, offset: zone.secondsFromGMT(for: date))
    }

    /// `2026-11-22`.
    public var dateText: String { Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2) }
    /// `10:00`.
    public var minuteText: String { Self.pad(hour, 2) + ":" + Self.pad(minute, 2) }
    /// `10:00:05`.
    public var secondText: String { minuteText + ":" + Self.pad(second, 2) }
    /// `+08:00`, `-05:30`, `+00:00`; with `separator` "" `+0800`.
    public func offsetText(separator: String = ":") -> String {
        (offset < 0 ? "-" : "+") + Self.pad(abs(offset) / 3600, 2) + separator + Self.pad(abs(offset) % 3600 / 60, 2)
    }

    /// `value` in decimal, zero-padded to `width` digits.
    public static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> (Int, Int) {
        let quotient = value >= 0 ? value / divisor : -((-value - 1) / divisor) - 1
        return (quotient, value - quotient * divisor)
    }
}
