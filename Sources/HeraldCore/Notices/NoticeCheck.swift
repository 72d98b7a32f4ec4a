import Foundation

/// The result of checking a notice before it goes out: errors block publishing, warnings are advice.
public struct NoticeCheckReport: Sendable, Equatable {
    public var errors: [FieldError]
    public var warnings: [NoticeWarning]
    /// Whom it would reach, when the contacts were known to the check.
    public var reach: NoticeReach?

    public init(errors: [FieldError] = [], warnings: [NoticeWarning] = [], reach: NoticeReach? = nil) {
        self.errors = errors
        self.warnings = warnings
        self.reach = reach
    }

    public var canPublish: Bool { errors.isEmpty }
    public var hasShortNotice: Bool { warnings.contains { $0.code == .shortNotice } }
}

/// Advice about a notice that may still be published.
public struct NoticeWarning: Sendable, Equatable, Codable {
    public var code: Code
    public var field: String?
    /// The advice in English, as the API answers it.
    public var message: String
    /// The advice in each language; pages show `message(in:)`.
    public var translations: [Language: String] = [:]

    public init(_ code: Code, field: String? = nil, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// Advice from the catalogue, written in every language at once; `values` fills its placeholders per language.
    public init(_ code: Code, field: String? = nil, _ phrase: Phrase, _ values: (Language) -> [String: String]) {
        self.code = code
        self.field = field
        for language in Language.allCases { translations[language] = language.text(phrase, values(language)) }
        message = translations[.en] ?? "\(phrase)"
    }

    /// The advice in `language`.
    public func message(in language: Language) -> String { translations[language] ?? message }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code && lhs.field == rhs.field && lhs.message == rhs.message }

    private enum CodingKeys: String, CodingKey { case code, field, message }

    public enum Code: String, Sendable, Codable {
        /// Less than 24 hours between publishing and the start; publishing then needs a stated reason.
        case shortNotice = "short_notice"
        case noDuration = "no_duration"
        case jargon
        case smsTooLong = "sms_too_long"
        case missingLanguage = "missing_language"
        /// The audience names a group or role no contact has.
        case unknownAudience = "unknown_audience"
        case noAudience = "no_audience"
    }
}

/// The checks an operations team runs by eye before sending a notice, done by Herald.
public struct NoticeChecker: Sendable {
    public var jargon: Jargon
    /// The languages the notice's readers use; a notice missing one gets a warning.
    public var audienceLanguages: Set<Language>
    public static let minimumNotice: TimeInterval = 24 * 3600

    public init(jargon: Jargon = .standard, audienceLanguages: Set<Language> = Set(Language.allCases)) {
        self.jargon = jargon
        self.audienceLanguages = audienceLanguages
    }

    /// Checks `content` as if published at `now`. `knownComponents` are the catalogue's ids;
    /// `sms` is the SMS text that would be sent, per language.
    public func check(
        _ content: NoticeContent, now: Date, knownComponents: Set<String>, sms: [Language: String]
    ) -> NoticeCheckReport {
        var report = NoticeCheckReport(errors: content.validate())
        for (index, id) in content.components.enumerated() where !knownComponents.contains(id) {
            report.errors.append(FieldError("components[\(index)]", .problemUnknownComponent, values: ["id": id]))
        }
        let lead = content.plannedStart.timeIntervalSince(now)
        if lead < Self.minimumNotice {
            report.warnings.append(NoticeWarning(.shortNotice, field: "planned_start", .checkShortNotice) { language in
                ["ahead": lead < 30 ? language.text(.checkLessThanAMinute) : DurationText.format(lead, language: language)]
            })
        }
        if content.plannedEnd == nil {
            report.warnings.append(NoticeWarning(.noDuration, field: "planned_end", .checkNoDuration) { _ in [:] })
        }
        report.warnings += jargonWarnings(content.textFields)
        for language in Language.allCases {
            guard let text = sms[language] else { continue }
            let length = SMSLength(text)
            if !length.fitsOneMessage {
                report.warnings.append(NoticeWarning(.smsTooLong, field: "sms.\(language.rawValue)", .checkSMSTooLong) { _ in
                    ["language": language.rawValue, "units": String(length.units), "encoding": length.encoding.rawValue,
                     "limit": String(length.singleMessageLimit), "parts": String(length.segments)]
                })
            }
        }
        for language in audienceLanguages.subtracting(content.languages).sorted(by: { $0.rawValue < $1.rawValue }) {
            report.warnings.append(NoticeWarning(.missingLanguage, field: "title.\(language.rawValue)", .checkMissingLanguage) { _ in
                ["language": language.rawValue]
            })
        }
        return report
    }

    /// The jargon in each text field (`(wire name, text)`), one warning per term found; also for
    /// texts that are not yet a whole notice (the console checks them while the operator types).
    public func jargonWarnings(_ fields: [(String, LocalizedText)]) -> [NoticeWarning] {
        var warnings: [NoticeWarning] = []
        for (field, text) in fields {
            for language in Language.allCases {
                guard let value = text[language] else { continue }
                for found in jargon.find(in: value, language: language) {
                    warnings.append(NoticeWarning(.jargon, field: "\(field).\(language.rawValue)", .checkJargon) { _ in
                        ["term": found.term, "suggestion": found.suggestion]
                    })
                }
            }
        }
        return warnings
    }
}
