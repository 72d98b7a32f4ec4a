import Foundation
import HeraldApp
import HeraldCore

/// Times as the console shows them: always with their zone, and ages in words.
public enum ConsoleTime {
    /// `2026-11-22 10:00 (UTC+08:00)`.
    public static func readable(_ date: Date, _ zone: TimeZone) -> String { PublicTime.readable(date, zone) }

    /// How long ago, in words: "2 hours 5 minutes".
    public static func age(since date: Date, now: Date, language: Language) -> String {
        DurationText.format(max(0, now.timeIntervalSince(date)), language: language)
    }

    /// A `<time>` element: the readable time with the machine form in `datetime`.
    public static func element(_ date: Date, _ zone: TimeZone) -> String {
        "<time datetime=\"\(PublicTime.rfc3339(date, zone))\">\(HTML.escape(readable(date, zone)))</time>"
    }
}
