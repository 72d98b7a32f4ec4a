import Foundation
import HeraldCore

/// How the public status page presents itself: the `status_page` section of the config file.
public struct StatusPageSettings: Sendable {
    /// The page's name, per language, e.g. 示例公司服务状态 / Example Status.
    public var name: [Language: String] = Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, $0.text(.defaultSiteName)) })
    /// Statuspage's `page.id`, kept stable so widgets can tell pages apart.
    public var pageID = "herald"
    /// The zone times are shown in.
    public var timeZone = TimeZone(identifier: "Asia/Shanghai")!
    /// The language of the JSON and feeds, and of the page when the reader states no preference.
    public var language = Language.zhCN
    /// Subscriptions one client address may ask for per hour, against abuse of the confirmation email.
    public var subscriptionsPerHour = 5
    /// Feedback messages one client address may send per hour.
    public var feedbackPerHour = 10

    public init() {}

    public func name(_ language: Language) -> String { name[language] ?? name.values.first ?? "Status" }
}

/// Reads `status_page`: `name` (a string, or one per language), `page_id`, `time_zone`, `language`,
/// `subscriptions_per_hour`, `feedback_per_hour`.
func readStatusPage(_ value: JSONValue, into parent: inout ObjectReader) -> StatusPageSettings {
    var settings = StatusPageSettings()
    var section = ObjectReader(value, prefix: "status_page.")
    switch section.raw("name") {
    case nil, .null?: break
    case .string(let text)?: settings.name = [.zhCN: text, .en: text]
    case .object(let names)?:
        for (key, name) in names {
            if let language = Language(rawValue: key), case .string(let text) = name { settings.name[language] = text } else {
                section.add([FieldError("status_page.name.\(key)", "must be a zh-CN or en name")])
            }
        }
    case let other?: section.add([FieldError("status_page.name", "must be a string or {zh-CN, en}, got \(other.typeName)")])
    }
    if let id = section.string("page_id") {
        section.add(Validate.identifier(id, field: "status_page.page_id"))
        settings.pageID = id
    }
    if let zone = section.string("time_zone") {
        if let parsed = TimeZone(identifier: zone) { settings.timeZone = parsed } else {
            section.add([FieldError("status_page.time_zone", "must be an IANA time zone such as Asia/Shanghai")])
        }
    }
    if let language = section.enumeration("language", as: Language.self) { settings.language = language }
    if let limit = section.integer("feedback_per_hour") {
        if (1...1000).contains(limit) { settings.feedbackPerHour = limit } else {
            section.add([FieldError("status_page.feedback_per_hour", "must be from 1 to 1000")])
        }
    }
    if let limit = section.integer("subscriptions_per_hour") {
        if (1...1000).contains(limit) { settings.subscriptionsPerHour = limit } else {
            section.add([FieldError("status_page.subscriptions_per_hour", "must be from 1 to 1000")])
        }
    }
    parent.add(section.errorsIncludingUnknown())
    return settings
}
