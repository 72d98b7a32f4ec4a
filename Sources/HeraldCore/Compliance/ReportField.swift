import Foundation

/// One thing a step's report must say. Herald's own fields are named by id (their labels are in
/// the catalogue, and those Herald knows from the incident it fills in); an operator's own field
/// carries its label in each language and is written by the responder.
public struct ReportField: Sendable, Equatable, Identifiable {
    public var id: String
    /// The operator's label; nil for Herald's own fields.
    public var label: LocalizedText?

    public init(_ kind: ReportFieldKind) {
        id = kind.rawValue
        label = nil
    }

    public init(id: String, label: LocalizedText) {
        self.id = id
        self.label = label
    }

    /// Herald's field this is, or nil for the operator's own.
    public var kind: ReportFieldKind? { label == nil ? ReportFieldKind(rawValue: id) : nil }

    /// How the report heads it.
    public func label(_ language: Language) -> String {
        if let label { return label.text(for: language) ?? id }
        return kind.map { language.text($0.phrase) } ?? id
    }
}

/// The fields Herald knows, in the words of the regulations that ask for them
/// (GDPR Art. 33(3) and 34(2), PIPL Art. 57, the CAC's reporting measures, NIS2 Art. 23(4)).
public enum ReportFieldKind: String, Sendable, CaseIterable {
    /// What happened: the incident's title, severity, impact and state. Herald fills it in.
    case nature
    /// When it began and was detected, from the milestones. Herald fills it in.
    case occurred
    /// When the organisation became aware, and who recorded it. Herald fills it in.
    case awareness
    /// The affected services. Herald fills it in.
    case components
    /// The incident's milestones and public updates, in order. Herald fills it in.
    case timeline
    /// The contact point (the DPO): from `compliance.contact`, else the responder's.
    case contact
    /// Why the report is late: from the late filing, else the responder's.
    case delayReason = "delay_reason"
    /// The reporting organisation and the affected facility (the CAC's 事发单位).
    case organisation
    /// The incident's grade (the CAC's 一般/较大/重大/特别重大; NIS2's severity assessment).
    case level
    /// Categories and approximate number of data subjects concerned.
    case subjects
    /// Categories and approximate number of personal-data records concerned.
    case records
    /// The categories of personal information involved (PIPL).
    case dataCategories = "data_categories"
    /// The likely consequences, the impact and harm.
    case consequences
    /// The measures taken or proposed, including to mitigate adverse effects.
    case measures
    /// The cause, as far as it is known.
    case cause
    /// What the people affected can do to reduce the harm.
    case advice
    /// How the situation may develop and what further impact it may have.
    case outlook
    /// Support needed for further investigation and handling.
    case support
    /// Whether unlawful or malicious acts are suspected.
    case malicious
    /// Whether it could have a cross-border impact.
    case crossBorder = "cross_border"
    /// Indicators of compromise, where available.
    case indicators

    /// The fields Herald writes from what it knows; the others are the responder's.
    public var isFilledByHerald: Bool {
        switch self {
        case .nature, .occurred, .awareness, .components, .timeline: true
        default: false
        }
    }

    var phrase: Phrase {
        switch self {
        case .nature: .reportFieldNature
        case .occurred: .reportFieldOccurred
        case .awareness: .reportFieldAwareness
        case .components: .reportFieldComponents
        case .timeline: .reportFieldTimeline
        case .contact: .reportFieldContact
        case .delayReason: .reportFieldDelayReason
        case .organisation: .reportFieldOrganisation
        case .level: .reportFieldLevel
        case .subjects: .reportFieldSubjects
        case .records: .reportFieldRecords
        case .dataCategories: .reportFieldDataCategories
        case .consequences: .reportFieldConsequences
        case .measures: .reportFieldMeasures
        case .cause: .reportFieldCause
        case .advice: .reportFieldAdvice
        case .outlook: .reportFieldOutlook
        case .support: .reportFieldSupport
        case .malicious: .reportFieldMalicious
        case .crossBorder: .reportFieldCrossBorder
        case .indicators: .reportFieldIndicators
        }
    }
}
