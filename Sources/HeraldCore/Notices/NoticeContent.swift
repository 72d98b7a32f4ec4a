import Foundation

/// What a planned-downtime notice says, as the operator writes it.
public struct NoticeContent: Sendable, Equatable, Codable {
    public var title: LocalizedText
    public var reason: LocalizedText
    /// What users will notice, in plain words.
    public var impact: LocalizedText
    /// Alternatives or precautions during the downtime.
    public var precautions: LocalizedText
    /// Steps for users after recovery, sent with the recovery notice.
    public var followUp: LocalizedText
    /// Overrides the template's closing line when set.
    public var closing: LocalizedText
    public var signature: LocalizedText
    public var contact: NoticeContact?
    /// Affected components, by catalogue id.
    public var components: [String]
    public var severity: Severity
    /// The IANA zone the notice's times are shown in, e.g. Asia/Shanghai.
    public var timeZone: String
    public var plannedStart: Date
    public var plannedEnd: Date?
    /// Minutes before the planned start at which reminders go out.
    public var reminderMinutes: [Int]
    /// Who it is for; nil (notices written before audiences existed): everyone following its components.
    public var audience: NoticeAudience?

    /// Who it is for, as sent.
    public var readers: NoticeAudience { audience ?? .everyone }

    public static let defaultReminderMinutes = [24 * 60, 60]

    public init(
        title: LocalizedText, reason: LocalizedText, impact: LocalizedText, precautions: LocalizedText = .empty,
        followUp: LocalizedText = .empty, closing: LocalizedText = .empty, signature: LocalizedText,
        contact: NoticeContact?, components: [String], severity: Severity = .medium, timeZone: String,
        plannedStart: Date, plannedEnd: Date?, reminderMinutes: [Int] = NoticeContent.defaultReminderMinutes,
        audience: NoticeAudience? = nil
    ) {
        self.audience = audience
        self.title = title
        self.reason = reason
        self.impact = impact
        self.precautions = precautions
        self.followUp = followUp
        self.closing = closing
        self.signature = signature
        self.contact = contact
        self.components = components
        self.severity = severity
        self.timeZone = timeZone
        self.plannedStart = plannedStart
        self.plannedEnd = plannedEnd
        self.reminderMinutes = reminderMinutes
    }

    /// The languages the notice is written in: those of its title.
    public var languages: Set<Language> { title.languages }

    /// The expected duration, when the end is known.
    public var duration: TimeInterval? { plannedEnd.map { $0.timeIntervalSince(plannedStart) } }

    /// The errors that make a notice unpublishable; field names are the wire names.
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if title.isEmpty { errors.append(FieldError("title", .problemTitleRequired)) }
        // Every language the title is written in must carry the whole notice, so no reader gets half of it.
        for language in Language.allCases.filter({ title[$0] != nil }) {
            for (field, text) in [("reason", reason), ("impact", impact), ("signature", signature)] where text[language] == nil {
                errors.append(FieldError("\(field).\(language.rawValue)", .problemRequiredForLanguage, values: ["language": language.rawValue]))
            }
        }
        for (field, text) in textFields {
            for language in Language.allCases {
                guard let value = text[language] else { continue }
                let maximum = field == "title" ? 200 : 4000
                errors += Validate.text(value, field: "\(field).\(language.rawValue)", maximum: maximum, multiline: field != "title")
            }
        }
        if let contact { errors += contact.validate() } else {
            errors.append(FieldError("contact", .problemContactRequired))
        }
        if components.isEmpty { errors.append(FieldError("components", .problemNoComponents)) }
        for (index, id) in components.enumerated() { errors += Validate.identifier(id, field: "components[\(index)]") }
        if Set(components).count != components.count { errors.append(FieldError("components", .problemComponentTwice)) }
        errors += Validate.timeZone(timeZone)
        if let plannedEnd, plannedEnd <= plannedStart {
            errors.append(FieldError("planned_end", .problemEndBeforeStart))
        }
        for (index, minutes) in reminderMinutes.enumerated() where !(1...(30 * 24 * 60)).contains(minutes) {
            errors.append(FieldError("reminder_minutes[\(index)]", .problemReminderRange))
        }
        if Set(reminderMinutes).count != reminderMinutes.count {
            errors.append(FieldError("reminder_minutes", .problemReminderTwice))
        }
        return errors
    }

    /// The operator-written text fields, with their wire names, for checks that read all of them.
    public var textFields: [(String, LocalizedText)] {
        [("title", title), ("reason", reason), ("impact", impact), ("precautions", precautions),
         ("follow_up", followUp), ("closing", closing), ("signature", signature)]
    }
}

/// Who users can reach during the downtime.
public struct NoticeContact: Sendable, Equatable, Codable {
    public var name: String
    public var phone: String?
    public var email: String?
    public var url: String?

    public init(name: String, phone: String? = nil, email: String? = nil, url: String? = nil) {
        self.name = name
        self.phone = phone
        self.email = email
        self.url = url
    }

    public func validate() -> [FieldError] {
        var errors = Validate.text(name, field: "contact.name", maximum: 100)
        if phone == nil && email == nil && url == nil {
            errors.append(FieldError("contact", .problemContactMeans))
        }
        if let phone, phone.range(of: #"^\+?[0-9][0-9 ()-]{4,30}$"#, options: .regularExpression) == nil {
            errors.append(FieldError("contact.phone", .problemContactPhone))
        }
        if let email, email.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) == nil {
            errors.append(FieldError("contact.email", .problemEmail))
        }
        if let url { errors += Validate.webURL(url, field: "contact.url") }
        return errors
    }
}
