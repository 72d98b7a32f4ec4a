import Foundation
import HeraldCore

/// The values a notice's templates see, in one language. Every name in `TemplateVariables` is set.
struct NoticeTemplateContext {
    let notice: Notice
    let step: NoticeStep
    let late: Bool
    let language: Language
    let componentNames: ComponentNames
    /// The notice's public page, where readers also leave feedback; none for an internal notice or without a public address.
    var publicURL: String? = nil

    var values: [String: Any] {
        let content = notice.content
        let zone = TimeZone(identifier: content.timeZone) ?? .gmt
        let time = { (date: Date?) in date.map { TimeText.format($0, zone: zone, language: self.language) } ?? self.unknownEnd }
        let names = content.components.map { componentNames.name($0, in: language) }
        let wording = StepWording(step: step, language: language, notice: notice)
        var isTest = false
        if case .test = step { isTest = true }
        let text = { (value: LocalizedText) in TemplateText(value.text(for: self.language)) }
        let contact: Any =
            content.contact.map { contact -> [String: Any] in
                ["name": TemplateText(contact.name), "phone": TemplateText(contact.phone), "email": TemplateText(contact.email), "url": TemplateText(contact.url)]
            } ?? false
        let iso = ISO8601DateFormatter()
        iso.timeZone = zone
        let componentsJSON = (try? JSONSerialization.data(
            withJSONObject: zip(content.components, names).map { ["id": $0, "name": $1] }, options: [.sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return [
            "headline": wording.headline,
            "greeting": language.text(.noticeGreeting),
            "intro": wording.intro,
            "title": text(content.title),
            "reason": text(content.reason),
            "impact": text(content.impact),
            "precautions": text(content.precautions),
            "follow_up": text(content.followUp),
            "closing": content.closing.text(for: language)
                ?? language.text(.noticeClosing),
            "signature": text(content.signature),
            "planned_start": time(content.plannedStart),
            "planned_start_short": TimeText.short(content.plannedStart, zone: zone, language: language),
            "planned_end_short": content.plannedEnd.map { TimeText.short($0, zone: zone, language: language) } ?? unknownEnd,
            "planned_end": time(content.plannedEnd),
            "duration": content.duration.map { DurationText.format($0, language: language) } ?? unknownEnd,
            "actual_start": time(notice.actualStart ?? content.plannedStart),
            // Before completion (in a preview) the planned end stands in for the actual one.
            "actual_end": time(notice.actualEnd ?? content.plannedEnd),
            "reminder_lead": wording.reminderLead,
            "components": zip(content.components, names).map { ["id": $0, "name": $1] },
            "component_names": names.joined(separator: language == .zhCN ? "、" : ", "),
            "components_json": componentsJSON,
            "severity": content.severity.rawValue,
            "contact": contact,
            "cancellation_reason": TemplateText(notice.cancellationReason),
            // Only the move's own messages say why it moved.
            "extension_reason": TemplateText(step.movesEnd ? notice.extensionReason : nil),
            "late": late,
            "late_note": late ? language.text(.noticeSentLate) : "",
            "test": isTest,
            "test_note": isTest ? language.text(.noticeTestMark) : "",
            "is_announcement": step == .announcement || isTest,
            "is_reminder": { if case .reminder = step { true } else { false } }(),
            "is_start": step == .start,
            "is_extension": { if case .extended = step { true } else { false } }(),
            "is_reschedule": { if case .rescheduled = step { true } else { false } }(),
            "is_completion": step == .completion,
            "is_cancellation": step == .cancellation,
            "notice_id": notice.id,
            "notice_url": TemplateText(
                notice.content.readers.isInternal ? nil
                    : publicURL.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/maintenance/" + notice.id }),
            "step": step.key,
            "language": language.rawValue,
            "planned_start_iso": iso.string(from: content.plannedStart),
            "planned_end_iso": content.plannedEnd.map { iso.string(from: $0) } ?? "",
            "planned_end_json": content.plannedEnd.map { "\"\(iso.string(from: $0))\"" } ?? "null",
        ]
    }

    private var unknownEnd: String { language.text(.endToBeAnnounced) }
}

/// The words that open each kind of message.
struct StepWording {
    var headline: String
    var intro: String
    var reminderLead: String

    init(step: NoticeStep, language: Language, notice: Notice) {
        let zone = TimeZone(identifier: notice.content.timeZone) ?? .gmt
        let end = notice.content.plannedEnd.map { TimeText.format($0, zone: zone, language: language) } ?? language.text(.endToBeAnnounced)
        reminderLead = ""
        switch step {
        case .announcement, .test:
            headline = language.text(.headlineAnnouncement)
            intro = language.text(NoticeKind.of(notice).announcementIntro)
        case .reminder(let minutes):
            reminderLead = DurationText.format(Double(minutes) * 60, language: language)
            headline = language.text(.headlineReminder)
            intro = language.text(.introReminder, ["lead": reminderLead])
        case .start:
            headline = language.text(.headlineStart)
            intro = language.text(.introStart, ["end": end])
        case .extended:
            headline = language.text(.headlineExtension)
            intro = language.text(.introExtension, ["end": end])
        case .rescheduled:
            headline = language.text(.headlineReschedule)
            intro = language.text(.introReschedule, ["end": end])
        case .completion:
            headline = language.text(.headlineCompletion)
            intro = language.text(.introCompletion)
        case .cancellation:
            headline = language.text(.headlineCancellation)
            intro = language.text(.introCancellation)
        }
    }
}

extension NoticeStep {
    /// An extension or a rescheduling: the steps that move the planned end.
    var movesEnd: Bool {
        switch self {
        case .extended, .rescheduled: true
        default: false
        }
    }
}

/// Times as people read them, always with their zone: "2026年12月1日 02:00（Asia/Shanghai，UTC+08:00）".
enum TimeText {
    static func format(_ date: Date, zone: TimeZone, language: Language) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .zhCN ? "zh_CN" : "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = language == .zhCN ? "yyyy年M月d日 HH:mm" : "d MMMM yyyy, HH:mm"
        let seconds = zone.secondsFromGMT(for: date)
        let offset = String(format: "UTC%@%02d:%02d", seconds < 0 ? "-" : "+", abs(seconds) / 3600, abs(seconds) % 3600 / 60)
        return language == .zhCN
            ? "\(formatter.string(from: date))（\(zone.identifier)，\(offset)）"
            : "\(formatter.string(from: date)) (\(zone.identifier), \(offset))"
    }
}

extension TimeText {
    /// For SMS, where every character counts: "12月1日 02:00(UTC+8)", "1 Dec 02:00 UTC+8".
    static func short(_ date: Date, zone: TimeZone, language: Language) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = language == .zhCN ? "M月d日 HH:mm" : "d MMM HH:mm"
        let seconds = zone.secondsFromGMT(for: date)
        let minutes = abs(seconds) % 3600 / 60
        let offset = "UTC\(seconds < 0 ? "-" : "+")\(abs(seconds) / 3600)" + (minutes == 0 ? "" : String(format: ":%02d", minutes))
        return language == .zhCN ? "\(formatter.string(from: date))(\(offset))" : "\(formatter.string(from: date)) \(offset)"
    }
}
