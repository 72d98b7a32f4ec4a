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
    public var message: String

    public init(_ code: Code, field: String? = nil, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

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
            report.errors.append(FieldError("components[\(index)]", "'\(id)' is not a component in the catalogue"))
        }
        let lead = content.plannedStart.timeIntervalSince(now)
        if lead < Self.minimumNotice {
            let ahead = lead < 30 ? "less than a minute" : DurationText.format(lead, language: .en)
            report.warnings.append(NoticeWarning(
                .shortNotice, field: "planned_start",
                "only \(ahead) before the start; users should hear at least 24 hours ahead. Publishing needs a short_notice_reason."))
        }
        if content.plannedEnd == nil {
            report.warnings.append(NoticeWarning(
                .noDuration, field: "planned_end", "no planned end: users cannot plan around the downtime, and it must be completed by hand"))
        }
        for (field, text) in content.textFields {
            for language in Language.allCases {
                guard let value = text[language] else { continue }
                for found in jargon.find(in: value, language: language) {
                    report.warnings.append(NoticeWarning(
                        .jargon, field: "\(field).\(language.rawValue)", "'\(found.term)' may be unclear to users; consider '\(found.suggestion)'"))
                }
            }
        }
        for language in Language.allCases {
            guard let text = sms[language] else { continue }
            let length = SMSLength(text)
            if !length.fitsOneMessage {
                report.warnings.append(NoticeWarning(
                    .smsTooLong, field: "sms.\(language.rawValue)",
                    "the \(language.rawValue) SMS is \(length.units) \(length.encoding.rawValue) characters, over the single-message \(length.singleMessageLimit); it will be sent as \(length.segments) parts"))
            }
        }
        for language in audienceLanguages.subtracting(content.languages).sorted(by: { $0.rawValue < $1.rawValue }) {
            report.warnings.append(NoticeWarning(
                .missingLanguage, field: "title.\(language.rawValue)",
                "part of the audience reads \(language.rawValue) and will get the notice in another language"))
        }
        return report
    }
}
