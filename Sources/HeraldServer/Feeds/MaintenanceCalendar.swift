import HeraldApp
import Foundation
import HeraldCore

/// iCalendar (RFC 5545) of maintenance windows, for subscribing in a calendar: one event per
/// notice, its SEQUENCE raised by every change to its times or status so calendars replace it.
struct MaintenanceCalendar {
    let maintenances: [PublicMaintenance]
    let settings: StatusPageSettings
    let baseURL: String
    let language: Language
    let now: Date

    /// Only windows affecting one of `components`, when given.
    static func filter(_ maintenances: [PublicMaintenance], components: Set<String>?) -> [PublicMaintenance] {
        guard let components else { return maintenances }
        return maintenances.filter { !components.isDisjoint(with: $0.notice.content.components) }
    }

    /// TEXT values escape backslash, semicolon, comma and newline.
    static func text(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Lines longer than 75 octets are folded, never inside a UTF-8 character.
    static func fold(_ line: String) -> String {
        var result = ""
        var count = 0
        for character in line {
            let size = String(character).utf8.count
            if count + size > 75 {
                result += "\r\n "
                count = 1
            }
            result.append(character)
            count += size
        }
        return result
    }

    func render() -> String {
        let host = URL(string: baseURL)?.host ?? "herald"
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Herald//Maintenance calendar//\(language == .zhCN ? "ZH" : "EN")", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:\(Self.text(settings.name(language)))", "X-WR-TIMEZONE:\(settings.timeZone.identifier)",
        ]
        for item in maintenances where item.notice.state != .draft {
            let content = item.notice.content
            let cancelled = item.notice.state == .cancelled
            let description = [content.impact.text(for: language), content.precautions.text(for: language), item.publicUpdates(language).last?.body]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n\n")
            lines += [
                "BEGIN:VEVENT", "UID:\(item.notice.id)@\(host)", "DTSTAMP:\(PublicTime.iCalendarUTC(now))",
                "DTSTART:\(PublicTime.iCalendarUTC(item.start))",
            ]
            if let end = item.end, end > item.start { lines.append("DTEND:\(PublicTime.iCalendarUTC(end))") }
            lines += [
                "SEQUENCE:\(item.revision)", "STATUS:\(cancelled ? "CANCELLED" : "CONFIRMED")",
                "SUMMARY:\(Self.text(content.title.text(for: language) ?? ""))", "DESCRIPTION:\(Self.text(description))",
                "URL:\(baseURL)/maintenance/\(item.notice.id)", "LAST-MODIFIED:\(PublicTime.iCalendarUTC(item.updatedAt))",
                "CATEGORIES:MAINTENANCE", "TRANSP:TRANSPARENT", "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }
}
