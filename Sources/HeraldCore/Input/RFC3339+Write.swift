import Foundation

extension RFC3339 {
    /// A time as `parse` reads it back to the millisecond: UTC with milliseconds, "2026-12-01T02:00:00.000Z".
    public static func write(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

extension RFC3339 {
    /// A time with the offset of `zone`, to the second: "2026-12-01T10:00:00+08:00" (UTC as "Z").
    public static func string(_ date: Date, in zone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = zone
        return formatter.string(from: date)
    }
}
