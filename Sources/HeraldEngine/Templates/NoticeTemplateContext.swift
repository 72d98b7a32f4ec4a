import Foundation
import HeraldCore

/// The values a notice's templates see, in one language. Every name in `TemplateVariables` is set.
struct NoticeTemplateContext {
    let notice: Notice
    let step: NoticeStep
    let late: Bool
    let language: Language
    let componentNames: [String: String]

    var values: [String: Any] {
        let content = notice.content
        let zone = TimeZone(identifier: content.timeZone) ?? .gmt
        let time = { (date: Date?) in date.map { TimeText.format($0, zone: zone, language: self.language) } ?? self.unknownEnd }
        let names = content.components.map { componentNames[$0] ?? $0 }
        let wording = StepWording(step: step, language: language, notice: notice)
        var isTest = false
        if case .test = step { isTest = true }
        let text = { (value: LocalizedText) in value.text(for: self.language) ?? "" }
        let contact: Any =
            content.contact.map { contact -> [String: Any] in
                ["name": contact.name, "phone": contact.phone ?? "", "email": contact.email ?? "", "url": contact.url ?? ""]
            } ?? false
        let iso = ISO8601DateFormatter()
        iso.timeZone = zone
        let componentsJSON = (try? JSONSerialization.data(
            withJSONObject: zip(content.components, names).map { ["id": $0, "name": $1] }, options: [.sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return [
            "headline": wording.headline,
            "greeting": language == .zhCN ? "尊敬的用户：" : "Dear customer,",
            "intro": wording.intro,
            "title": text(content.title),
            "reason": text(content.reason),
            "impact": text(content.impact),
            "precautions": text(content.precautions),
            "follow_up": text(content.followUp),
            "closing": content.closing.text(for: language)
                ?? (language == .zhCN ? "由此给您带来的不便，敬请谅解。感谢您的理解与支持！" : "We apologise for the inconvenience and thank you for your patience."),
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
            "cancellation_reason": notice.cancellationReason ?? "",
            "late": late,
            "late_note": late ? (language == .zhCN ? "（补发）" : " (sent late)") : "",
            "test": isTest,
            "test_note": isTest ? (language == .zhCN ? "[测试] " : "[TEST] ") : "",
            "is_announcement": step == .announcement || isTest,
            "is_reminder": { if case .reminder = step { true } else { false } }(),
            "is_start": step == .start,
            "is_extension": { if case .extended = step { true } else { false } }(),
            "is_completion": step == .completion,
            "is_cancellation": step == .cancellation,
            "notice_id": notice.id,
            "step": step.key,
            "language": language.rawValue,
            "planned_start_iso": iso.string(from: content.plannedStart),
            "planned_end_iso": content.plannedEnd.map { iso.string(from: $0) } ?? "",
            "planned_end_json": content.plannedEnd.map { "\"\(iso.string(from: $0))\"" } ?? "null",
        ]
    }

    private var unknownEnd: String { language == .zhCN ? "另行通知" : "to be announced" }
}

/// The words that open each kind of message.
struct StepWording {
    var headline: String
    var intro: String
    var reminderLead: String

    init(step: NoticeStep, language: Language, notice: Notice) {
        let zh = language == .zhCN
        let zone = TimeZone(identifier: notice.content.timeZone) ?? .gmt
        let end = notice.content.plannedEnd.map { TimeText.format($0, zone: zone, language: language) } ?? (zh ? "另行通知" : "to be announced")
        reminderLead = ""
        switch step {
        case .announcement, .test:
            headline = zh ? "停机维护通知" : "Planned maintenance"
            intro = zh ? "为提升服务质量，我们将对以下服务进行停机维护，具体安排如下。" : "We will carry out planned maintenance on the services below. Here are the details."
        case .reminder(let minutes):
            reminderLead = DurationText.format(Double(minutes) * 60, language: language)
            headline = zh ? "停机维护提醒" : "Maintenance reminder"
            intro = zh ? "温馨提醒：距离计划停机维护开始还有\(reminderLead)，请提前做好安排。" : "A reminder: planned maintenance starts in \(reminderLead). Please plan ahead."
        case .start:
            headline = zh ? "停机维护开始" : "Maintenance has started"
            intro = zh ? "计划中的停机维护现已开始，预计于\(end)结束。" : "The planned maintenance has started and is expected to end \(end)."
        case .extended:
            headline = zh ? "停机维护延长通知" : "Maintenance extended"
            intro = zh ? "由于维护工作需要更多时间，结束时间延长至\(end)。" : "The maintenance needs more time; it is now expected to end \(end)."
        case .completion:
            headline = zh ? "系统已恢复" : "Service restored"
            intro = zh ? "停机维护已完成，系统已恢复正常使用。感谢您的耐心等待。" : "The maintenance is complete and the service is back to normal. Thank you for your patience."
        case .cancellation:
            headline = zh ? "停机维护取消通知" : "Maintenance cancelled"
            intro = zh ? "原定的停机维护已取消，相关服务将照常运行。" : "The planned maintenance is cancelled; the services will run as usual."
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

/// Durations in words: "2 小时 30 分钟", "2 hours 30 minutes".
enum DurationText {
    static func format(_ seconds: TimeInterval, language: Language) -> String {
        let minutes = Int((seconds / 60).rounded())
        let (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60)
        var parts: [String] = []
        if language == .zhCN {
            if days > 0 { parts.append("\(days) 天") }
            if hours > 0 { parts.append("\(hours) 小时") }
            if rest > 0 || parts.isEmpty { parts.append("\(rest) 分钟") }
            return parts.joined(separator: " ")
        }
        func unit(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        if days > 0 { parts.append(unit(days, "day")) }
        if hours > 0 { parts.append(unit(hours, "hour")) }
        if rest > 0 || parts.isEmpty { parts.append(unit(rest, "minute")) }
        return parts.joined(separator: " ")
    }
}
