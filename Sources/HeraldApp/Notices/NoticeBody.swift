import Foundation
import HeraldCore

/// Reads a notice from JSON (the API) or YAML (`herald notice` files); both have the same fields.
public enum NoticeBody {
    public static let fields = """
        title, reason, impact, precautions, follow_up, closing, signature: {zh-CN: …, en: …};
        contact: {name, phone, email, url}; components: [ids]; severity: low | medium | high;
        time_zone: IANA zone; planned_start, planned_end: RFC 3339 with offset; expected_duration_minutes;
        reminder_minutes: [minutes before the start];
        audience: {visibility: public | internal, groups: [names], roles: [names], subscribers: true | false}
        """

    /// A draft as `POST`/`PUT /notices` and the console's composer take it: the fields, then a time zone Herald knows.
    public static func draft(_ value: JSONValue) throws -> NoticeContent {
        let content = try content(value)
        try ValidationFailure.check(Validate.timeZone(content.timeZone))
        return content
    }

    public static func content(_ value: JSONValue) throws -> NoticeContent {
        var reader = ObjectReader(value)
        let text = { (reader: inout ObjectReader, key: String) in localized(&reader, key) }
        let title = text(&reader, "title")
        let reason = text(&reader, "reason")
        let impact = text(&reader, "impact")
        let precautions = text(&reader, "precautions")
        let followUp = text(&reader, "follow_up")
        let closing = text(&reader, "closing")
        let signature = text(&reader, "signature")
        var contact: NoticeContact?
        if let object = reader.object("contact") {
            var item = ObjectReader(object, prefix: "contact.")
            contact = NoticeContact(
                name: item.requiredString("name") ?? "", phone: item.string("phone"), email: item.string("email"),
                url: item.string("url"))
            reader.add(item.errorsIncludingUnknown())
        }
        var components: [String] = []
        for (index, value) in reader.array("components").enumerated() {
            if case .string(let id) = value { components.append(id) } else {
                reader.add([FieldError("components[\(index)]", .problemComponentID) { ["got": $0.text(value.typePhrase)] }])
            }
        }
        let severity = reader.enumeration("severity", as: Severity.self) ?? .medium
        let timeZone = reader.requiredString("time_zone")
        let start = reader.time("planned_start", required: true)
        var end = reader.time("planned_end", required: false)
        if let minutes = reader.integer("expected_duration_minutes") {
            if minutes <= 0 {
                reader.add([FieldError("expected_duration_minutes", .problemDurationPositive)])
            } else if let start {
                let derived = start.addingTimeInterval(Double(minutes) * 60)
                if let given = end, given != derived {
                    reader.add([FieldError("expected_duration_minutes", .problemDurationDisagrees)])
                }
                end = derived
            }
        }
        var reminders = NoticeContent.defaultReminderMinutes
        if reader.contains("reminder_minutes") {
            reminders = []
            for (index, value) in reader.array("reminder_minutes").enumerated() {
                if case .integer(let minutes) = value { reminders.append(Int(minutes)) } else {
                    reader.add([FieldError("reminder_minutes[\(index)]", .problemReminderWhole) { ["got": $0.text(value.typePhrase)] }])
                }
            }
        }
        let audience = reader.object("audience").map { NoticeAudience.read($0, into: &reader) }
        try reader.finish()
        guard let start, let timeZone else { throw ValidationFailure(reader.errors) }
        return NoticeContent(
            title: title, reason: reason, impact: impact, precautions: precautions, followUp: followUp, closing: closing,
            signature: signature, contact: contact, components: components, severity: severity, timeZone: timeZone,
            plannedStart: start, plannedEnd: end, reminderMinutes: reminders, audience: audience)
    }

    static func localized(_ reader: inout ObjectReader, _ key: String) -> LocalizedText {
        switch reader.raw(key) {
        case nil, .null?:
            return .empty
        case .string?:
            reader.add([FieldError(key, .problemEachLanguage, values: ["example": #"{"zh-CN": "…", "en": "…"}"#])])
            return .empty
        case let value?:
            var item = ObjectReader(value, prefix: "\(key).")
            let text = LocalizedText(zhCN: item.string("zh-CN"), en: item.string("en"))
            reader.add(item.errorsIncludingUnknown())
            return text
        }
    }

}
