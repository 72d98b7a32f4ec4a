import Foundation
import HeraldCore

/// The `compliance` section: the operator's regimes beside the shipped ones, the reminder points,
/// the compliance group and the organisation's zone.
///
/// ```yaml
/// compliance:
///   group: dpo                         # paged beside the incident's team
///   time_zone: Europe/Berlin           # calendar months count here; default status_page.time_zone
///   reminder_points: [50, 75, 90, 100] # percent of each window
///   contact: "DPO, dpo@example.com, +86 10 5555 0100"  # every report's contact point
///   regimes:
///     - id: pdpo
///       name: {en: Hong Kong PDPO (voluntary), zh-CN: 香港《个人资料（私隐）条例》（自愿）}
///       personal_data: true
///       steps:
///         - id: notify
///           name: Notify the PCPD                 # one name for both languages
///           hours: 48
///           fields: [nature, subjects, records, consequences, measures, contact,
///                    {id: board, name: {en: Board informed on, zh-CN: 告知董事会的日期}}]
///         - {id: final, name: Final report, months: 1, from: notify}
/// ```
///
/// A step's `fields` are Herald's own by id (`ReportFieldKind`) or the operator's, with a name.
public struct ComplianceSettings: Sendable, Equatable {
    public var regimes: [RegulatoryRegime] = RegulatoryRegime.shipped
    public var reminderPoints: [Double] = ReportingClock.defaultReminderPoints
    public var group: String?
    /// The contact point every report names unless a responder writes another.
    public var contact: String?
    /// nil: the status page's zone.
    public var timeZone: TimeZone?

    public init() {}

    public func policy(defaultZone: TimeZone) -> CompliancePolicy {
        CompliancePolicy(regimes: regimes, reminderPoints: reminderPoints, group: group, contact: contact, zone: timeZone ?? defaultZone)
    }
}

extension HeraldConfiguration {
    /// The regimes, reminder points, group and zone the clocks run on.
    public var compliancePolicy: CompliancePolicy { compliance.policy(defaultZone: statusPage.timeZone) }
}

func readCompliance(_ value: JSONValue, into parent: inout ObjectReader) -> ComplianceSettings {
    var settings = ComplianceSettings()
    var section = ObjectReader(value, prefix: "compliance.")
    if let group = section.string("group") {
        section.add(Validate.identifier(group, field: "compliance.group"))
        settings.group = group
    }
    if let contact = section.string("contact") {
        section.add(Validate.text(contact, field: "compliance.contact", maximum: 500))
        settings.contact = contact
    }
    if let zone = section.string("time_zone") {
        if let parsed = TimeZone(identifier: zone) { settings.timeZone = parsed } else {
            section.add([FieldError("compliance.time_zone", "must be an IANA time zone such as Asia/Shanghai")])
        }
    }
    if section.contains("reminder_points") {
        var points: [Double] = []
        for (index, item) in section.array("reminder_points").enumerated() {
            let field = "compliance.reminder_points[\(index)]"
            switch item {
            case .integer(let percent) where (1...100).contains(percent): points.append(Double(percent) / 100)
            case .number(let percent) where percent > 0 && percent <= 100: points.append(percent / 100)
            default: section.add([FieldError(field, "must be a percentage of the window, above 0 and at most 100")])
            }
        }
        if Set(points).count != points.count { section.add([FieldError("compliance.reminder_points", "must not name a point twice")]) }
        settings.reminderPoints = points.sorted()
    }
    let shipped = Set(RegulatoryRegime.shipped.map(\.id))
    var seen = shipped
    for (index, item) in section.array("regimes").enumerated() {
        let prefix = "compliance.regimes[\(index)]."
        var regime = ObjectReader(item, prefix: prefix)
        let id = regime.requiredString("id")
        if let id {
            regime.add(Validate.identifier(id, field: prefix + "id"))
            if shipped.contains(id) {
                regime.add([FieldError(prefix + "id", "is the id of a regime Herald ships; choose another")])
            } else if seen.contains(id) {
                regime.add([FieldError(prefix + "id", "is the id of an earlier regime")])
            }
            seen.insert(id)
        }
        let name = localizedName(&regime, "name")
        let personal = regime.bool("personal_data") ?? false
        var steps: [RegulatoryRegime.Step] = []
        if !regime.contains("steps") { regime.add([FieldError(prefix + "steps", "is required: at least one step")]) }
        let listed = regime.array("steps")
        if regime.contains("steps"), listed.isEmpty { regime.add([FieldError(prefix + "steps", "is required: at least one step")]) }
        for (position, stepValue) in listed.enumerated() {
            let stepPrefix = "\(prefix)steps[\(position)]."
            var step = ObjectReader(stepValue, prefix: stepPrefix)
            let stepID = step.requiredString("id")
            if let stepID {
                step.add(Validate.identifier(stepID, field: stepPrefix + "id"))
                if steps.contains(where: { $0.id == stepID }) { step.add([FieldError(stepPrefix + "id", "is the id of an earlier step")]) }
            }
            let stepName = localizedName(&step, "name")
            let fields = reportFields(&step)
            let hours = step.integer("hours")
            let months = step.integer("months")
            var window: RegulatoryRegime.Window?
            switch (hours, months) {
            case (let hours?, nil):
                if (1...8760).contains(hours) { window = .hours(hours) } else { step.add([FieldError(stepPrefix + "hours", "must be from 1 to 8760")]) }
            case (nil, let months?):
                if (1...24).contains(months) { window = .months(months) } else { step.add([FieldError(stepPrefix + "months", "must be from 1 to 24")]) }
            case (.some, .some): step.add([FieldError(stepPrefix + "months", "give hours or months, not both")])
            case (nil, nil): break  // "without undue delay": no instant to miss
            }
            var anchor = RegulatoryRegime.Anchor.awareness
            if let from = step.string("from"), from != "awareness" {
                if steps.contains(where: { $0.id == from }) { anchor = .step(from) } else {
                    step.add([FieldError(stepPrefix + "from", "must be awareness or the id of an earlier step of this regime")])
                }
            }
            regime.add(step.errorsIncludingUnknown())
            if let stepID, let stepName { steps.append(.init(id: stepID, name: stepName, from: anchor, window: window, fields: fields)) }
        }
        section.add(regime.errorsIncludingUnknown())
        if let id, let name { settings.regimes.append(RegulatoryRegime(id: id, name: name, steps: steps, personalData: personal)) }
    }
    parent.add(section.errorsIncludingUnknown())
    return settings
}

/// A name in the config: one string for both languages, or `{en: …, zh-CN: …}`.
func localizedName(_ reader: inout ObjectReader, _ key: String) -> LocalizedText? {
    switch reader.raw(key) {
    case nil, .null?:
        reader.add([FieldError(reader.path(key), .problemRequired)])
        return nil
    case .string(let text)?:
        reader.add(Validate.text(text, field: reader.path(key), maximum: 200))
        return LocalizedText(en: text)
    case let value?:
        var item = ObjectReader(value, prefix: reader.path(key) + ".")
        let text = LocalizedText(zhCN: item.string("zh-CN"), en: item.string("en"))
        for language in Language.allCases {
            if let written = text[language] { item.add(Validate.text(written, field: item.path(language.rawValue), maximum: 200)) }
        }
        if text.isEmpty { item.add([FieldError(reader.path(key), .problemEachLanguage, values: ["example": #"{"zh-CN": "…", "en": "…"}"#])]) }
        reader.add(item.errorsIncludingUnknown())
        return text.isEmpty ? nil : text
    }
}

/// A step's `fields`: Herald's by id, or the operator's `{id, name}`; none twice.
func reportFields(_ step: inout ObjectReader) -> [ReportField] {
    var fields: [ReportField] = []
    let known = ReportFieldKind.allCases.map(\.rawValue)
    for (index, value) in step.array("fields").enumerated() {
        let path = step.path("fields[\(index)]")
        var field: ReportField?
        switch value {
        case .string(let id):
            if let kind = ReportFieldKind(rawValue: id) { field = ReportField(kind) } else {
                step.add([FieldError(path, "must be one of Herald's report fields (\(known.joined(separator: ", "))) or {id, name} for one of your own")])
            }
        default:
            var item = ObjectReader(value, prefix: path + ".")
            let id = item.requiredString("id")
            if let id {
                item.add(Validate.identifier(id, field: path + ".id"))
                if known.contains(id) { item.add([FieldError(path + ".id", "is one of Herald's report fields; name it by its id alone, or choose another id")]) }
            }
            let name = localizedName(&item, "name")
            step.add(item.errorsIncludingUnknown())
            if let id, let name, !known.contains(id) { field = ReportField(id: id, label: name) }
        }
        guard let field else { continue }
        if fields.contains(where: { $0.id == field.id }) { step.add([FieldError(path, "names the field '\(field.id)' a second time")]); continue }
        fields.append(field)
    }
    return fields
}
