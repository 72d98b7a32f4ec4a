import Foundation

/// Where a postmortem stands: written (draft), read by others (in review), final (published).
public enum PostmortemState: String, Sendable, Codable, CaseIterable {
    case draft
    case inReview = "in_review"
    case published

    public func label(_ language: Language) -> String {
        let phrase: Phrase =
            switch self {
            case .draft: .postmortemDraft
            case .inReview: .postmortemInReview
            case .published: .postmortemPublished
            }
        return language.text(phrase)
    }
}

/// Something to do so that it does not happen again: who does it, by when.
public struct ActionItem: Sendable, Equatable, Codable {
    public var title: String
    public var owner: String
    /// The day it is due, `YYYY-MM-DD`.
    public var due: String
    public var done: Bool

    public init(title: String, owner: String, due: String, done: Bool = false) {
        self.title = title
        self.owner = owner
        self.due = due
        self.done = done
    }
}

/// The parts people write.
public struct PostmortemSections: Sendable, Equatable, Codable {
    public var rootCause: String
    public var wentWell: String
    public var wentWrong: String
    public var actionItems: [ActionItem]
    /// What customers read on the status page once it is published there, in their language:
    /// written for them, unlike the rest, which names people and internals.
    public var publicSummary: LocalizedText

    public init(
        rootCause: String = "", wentWell: String = "", wentWrong: String = "", actionItems: [ActionItem] = [], publicSummary: LocalizedText = .empty
    ) {
        self.rootCause = rootCause
        self.wentWell = wentWell
        self.wentWrong = wentWrong
        self.actionItems = actionItems
        self.publicSummary = publicSummary
    }

    // Postmortems written before the public summary existed have none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rootCause = try container.decode(String.self, forKey: .rootCause)
        wentWell = try container.decode(String.self, forKey: .wentWell)
        wentWrong = try container.decode(String.self, forKey: .wentWrong)
        actionItems = try container.decode([ActionItem].self, forKey: .actionItems)
        publicSummary = try container.decodeIfPresent(LocalizedText.self, forKey: .publicSummary) ?? .empty
    }

    enum CodingKeys: String, CodingKey {
        case rootCause = "root_cause", wentWell = "went_well", wentWrong = "went_wrong", actionItems = "action_items", publicSummary = "public_summary"
    }
}

/// One incident's postmortem: its state and what people wrote. What Herald recorded (the summary,
/// impact, timeline, alerts, pages, public updates) is not stored here; it is read again each time
/// (`PostmortemFacts`), so a corrected milestone shows in the postmortem too.
public struct Postmortem: Sendable, Equatable {
    public var incidentID: String
    public var state: PostmortemState
    public var sections: PostmortemSections
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date
    public var publishedAt: Date?
    /// Published on the status page too (its summary), not only inside.
    public var isPublic: Bool

    public init(
        incidentID: String, state: PostmortemState = .draft, sections: PostmortemSections = PostmortemSections(), createdBy: String, createdAt: Date,
        updatedAt: Date? = nil, publishedAt: Date? = nil, isPublic: Bool = false
    ) {
        self.incidentID = incidentID
        self.state = state
        self.sections = sections
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.publishedAt = publishedAt
        self.isPublic = isPublic
    }
}

/// What may be done to a postmortem, decided without a database or a clock.
public enum PostmortemRules {
    public static let maximumText = 20_000
    public static let maximumItems = 100

    /// A postmortem is written once the incident is resolved, one per incident.
    public static func create(for incident: Incident, existing: Postmortem?) -> [FieldError] {
        if existing != nil { return [FieldError("incident", .postmortemExists)] }
        if incident.status != .resolved { return [FieldError("incident", .postmortemNotResolved)] }
        return []
    }

    /// draft → in review → published; a review may send it back to draft. Published is final.
    public static func transition(from state: PostmortemState, to next: PostmortemState) -> [FieldError] {
        switch (state, next) {
        case (.draft, .inReview), (.inReview, .draft), (.inReview, .published): []
        default:
            [FieldError("state", .postmortemTransition) { ["from": state.label($0), "to": next.label($0)] }]
        }
    }

    /// Publishing on the status page too needs the summary written for customers; only publishing
    /// can put it there.
    public static func publish(to next: PostmortemState, isPublic: Bool, sections: PostmortemSections, kind: IncidentKind = .real) -> [FieldError] {
        guard isPublic else { return [] }
        if let refused = kind.publicUpdateProblems(isPublic: true).first { return [refused] }
        if next != .published { return [FieldError("public", .postmortemPublicOnlyPublishing)] }
        if sections.publicSummary.languages.allSatisfy({ sections.publicSummary[$0]!.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
            return [FieldError("public_summary", .postmortemPublicSummaryRequired)]
        }
        return []
    }

    /// The sections as written, every problem at once; a published postmortem is not edited.
    public static func edit(_ postmortem: Postmortem, to sections: PostmortemSections) -> [FieldError] {
        var errors: [FieldError] = []
        if postmortem.state == .published { errors.append(FieldError("state", .postmortemPublishedFinal)) }
        // A section not written yet is empty; written, it is text like any other.
        for (field, text) in [("root_cause", sections.rootCause), ("went_well", sections.wentWell), ("went_wrong", sections.wentWrong)] where !text.isEmpty {
            errors += Validate.text(text, field: field, maximum: maximumText, multiline: true)
        }
        for language in Language.allCases {
            guard let text = sections.publicSummary[language], !text.isEmpty else { continue }
            errors += Validate.text(text, field: "public_summary.\(language.rawValue)", maximum: maximumText, multiline: true)
        }
        if sections.actionItems.count > maximumItems {
            errors.append(FieldError("action_items", .postmortemTooManyItems, values: ["maximum": String(maximumItems)]))
        }
        for (index, item) in sections.actionItems.enumerated() {
            let path = "action_items[\(index)]"
            if item.title.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(FieldError(path + ".title", .problemRequired))
            } else {
                errors += Validate.text(item.title, field: path + ".title", maximum: 300)
            }
            if item.owner.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(FieldError(path + ".owner", .problemRequired))
            } else {
                errors += Validate.text(item.owner, field: path + ".owner", maximum: 200)
            }
            if !isDay(item.due) { errors.append(FieldError(path + ".due", .postmortemDueDay)) }
        }
        return errors
    }

    /// `YYYY-MM-DD`, a day that exists.
    public static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), day >= 1
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }
}
