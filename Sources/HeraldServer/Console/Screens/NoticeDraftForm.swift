import Foundation
import HeraldApp
import HeraldCore

/// The composer's form as typed: its inputs carry the API's wire names (`title.zh-CN`,
/// `contact.phone`, `planned_start`, `audience.groups`…), and `json` turns them into the body
/// `POST /api/v1/notices` reads, so `NoticeBody` checks a form exactly as it checks the API, and
/// every `FieldError` names an input here. Times are typed in the notice's own zone.
struct NoticeDraftForm: Sendable {
    static let textFields = ["title", "reason", "impact", "precautions", "follow_up", "closing", "signature"]
    static let languages: [Language] = [.zhCN, .en]

    /// Single values by input name, as typed (trimmed).
    var values: [String: String]
    var components: [String]
    var groups: [String]
    var roles: [String]
    var subscribers: Bool

    init(form: ConsoleFormData) {
        var values: [String: String] = [:]
        for (name, _) in form.pairs where !["components", "audience.groups", "audience.roles", "csrf", "intent"].contains(name) {
            values[name] = form[name]
        }
        self.values = values
        components = form.values("components")
        groups = form.values("audience.groups")
        roles = form.values("audience.roles")
        subscribers = form["audience.subscribers"] == "true"
    }

    /// An empty notice in `zone`, with the default reminders.
    init(zone: String) {
        values = ["time_zone": zone, "severity": Severity.medium.rawValue, "audience.visibility": NoticeAudience.Visibility.public.rawValue,
                  "reminder_minutes": NoticeContent.defaultReminderMinutes.map(String.init).joined(separator: ", ")]
        components = []
        groups = []
        roles = []
        subscribers = true
    }

    /// A stored notice's content, to edit.
    init(content: NoticeContent) {
        var values: [String: String] = [:]
        for (field, text) in content.textFields {
            for language in Self.languages { values["\(field).\(language.rawValue)"] = text[language] }
        }
        values["contact.name"] = content.contact?.name
        values["contact.phone"] = content.contact?.phone
        values["contact.email"] = content.contact?.email
        values["contact.url"] = content.contact?.url
        values["severity"] = content.severity.rawValue
        values["time_zone"] = content.timeZone
        let zone = TimeZone(identifier: content.timeZone) ?? .gmt
        values["planned_start"] = Self.local(content.plannedStart, zone)
        values["planned_end"] = content.plannedEnd.map { Self.local($0, zone) }
        values["reminder_minutes"] = content.reminderMinutes.map(String.init).joined(separator: ", ")
        values["audience.visibility"] = content.readers.visibility.rawValue
        self.values = values
        components = content.components
        groups = content.readers.groups
        roles = content.readers.roles
        subscribers = content.readers.subscribers
    }

    subscript(_ name: String) -> String? { values[name].flatMap { $0.isEmpty ? nil : $0 } }

    /// The body the API would have been sent.
    var json: JSONValue {
        var object: [String: JSONValue] = [:]
        for field in Self.textFields {
            var text: [String: JSONValue] = [:]
            for language in Self.languages { if let value = self["\(field).\(language.rawValue)"] { text[language.rawValue] = .string(value) } }
            if !text.isEmpty { object[field] = .object(text) }
        }
        let contactKeys = ["name", "phone", "email", "url"]
        if contactKeys.contains(where: { self["contact.\($0)"] != nil }) {
            object["contact"] = .object(Dictionary(uniqueKeysWithValues: contactKeys.compactMap { key in self["contact.\(key)"].map { (key, JSONValue.string($0)) } }))
        }
        object["components"] = .array(components.map(JSONValue.string))
        if let severity = self["severity"] { object["severity"] = .string(severity) }
        if let zone = self["time_zone"] { object["time_zone"] = .string(zone) }
        let zone = self["time_zone"].flatMap(TimeZone.init(identifier:))
        for key in ["planned_start", "planned_end"] {
            guard let typed = self[key] else { continue }
            // A time typed in the notice's zone gets that zone's offset; anything else goes as typed, for the reader to name.
            if let zone, let date = Self.date(typed, zone) { object[key] = .string(PublicTime.rfc3339(date, zone)) } else { object[key] = .string(typed) }
        }
        if let minutes = self["expected_duration_minutes"] { object["expected_duration_minutes"] = Int64(minutes).map(JSONValue.integer) ?? .string(minutes) }
        let reminders = (values["reminder_minutes"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "，" }).map(String.init)
        object["reminder_minutes"] = .array(reminders.map { Int64($0).map(JSONValue.integer) ?? .string($0) })
        object["audience"] = .object([
            "visibility": .string(self["audience.visibility"] ?? NoticeAudience.Visibility.public.rawValue),
            "groups": .array(groups.map(JSONValue.string)), "roles": .array(roles.map(JSONValue.string)), "subscribers": .bool(subscribers),
        ])
        return .object(object)
    }

    /// `2026-12-01T02:00` (what a `datetime-local` input holds) in `zone`.
    static func local(_ date: Date, _ zone: TimeZone) -> String { formatter(zone).string(from: date) }

    static func date(_ text: String, _ zone: TimeZone) -> Date? {
        let formatter = formatter(zone)
        if let date = formatter.date(from: text) { return date }
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.date(from: text)
    }

    static func formatter(_ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter
    }

    /// The input (or group of inputs) a problem's field names: `components[2]` → `components`,
    /// `audience.groups[0]` → `audience.groups`; `title`, `contact` and `audience` are the groups.
    static func input(for field: String) -> String {
        field.replacingOccurrences(of: #"\[[0-9]+\]"#, with: "", options: .regularExpression)
    }
}

/// Notes beside the composer's inputs: the check's or the reader's errors and the check's warnings,
/// by input name (`NoticeDraftForm.input(for:)`).
struct NoticeNotes: Sendable {
    var errors: [String: [String]] = [:]
    var warnings: [String: [String]] = [:]

    init() {}

    init(errors: [FieldError], warnings: [NoticeWarning] = [], language: Language) {
        for error in errors { self.errors[NoticeDraftForm.input(for: error.field), default: []].append(error.reason(in: language)) }
        for warning in warnings {
            let label = language.text(NoticeNotes.phrase(warning.code))
            self.warnings[NoticeDraftForm.input(for: warning.field ?? "notice"), default: []].append("\(label): \(warning.message(in: language))")
        }
    }

    init(report: NoticeCheckReport, language: Language) {
        self.init(errors: report.errors, warnings: report.warnings, language: language)
    }

    var isEmpty: Bool { errors.isEmpty && warnings.isEmpty }

    static func phrase(_ code: NoticeWarning.Code) -> Phrase {
        switch code {
        case .shortNotice: .noticesWarnShortNotice
        case .noDuration: .noticesWarnNoDuration
        case .jargon: .noticesWarnJargon
        case .smsTooLong: .noticesWarnSMSTooLong
        case .missingLanguage: .noticesWarnMissingLanguage
        case .unknownAudience: .noticesWarnUnknownAudience
        case .noAudience: .noticesWarnNoAudience
        }
    }

    /// The notes for `name`, as HTML (escaped), with ids `aria-describedby` can name.
    func html(_ name: String) -> String {
        let id = "f-\(name)"
        let problems = (errors[name] ?? []).map { "<p class=\"problem\">\(HTML.escape($0))</p>" }.joined()
        let advice = (warnings[name] ?? []).map { "<p class=\"warning\">\(HTML.escape($0))</p>" }.joined()
        guard !problems.isEmpty || !advice.isEmpty else { return "" }
        return "<div class=\"notes\" id=\"\(HTML.escape(id))-notes\" data-notes>\(problems)\(advice)</div>"
    }

    /// Every note, for the summary at the top and for the live check's answer.
    func list(_ language: Language) -> [(field: String, kind: String, text: String)] {
        errors.sorted { $0.key < $1.key }.flatMap { field, texts in texts.map { (field: field, kind: "error", text: $0) } }
            + warnings.sorted { $0.key < $1.key }.flatMap { field, texts in texts.map { (field: field, kind: "warning", text: $0) } }
    }
}
