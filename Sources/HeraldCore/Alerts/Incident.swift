import Foundation

/// Something is wrong now: the alerts grouped under it, who is on it, and where it stands.
public struct Incident: Sendable, Equatable {
    public var id: String
    public var title: String
    public var status: IncidentStatus
    public var severity: Severity
    /// What users feel, in Statuspage's words; nil until a responder says.
    public var impact: IncidentImpact?
    public var components: [String]
    public var integrationID: String?
    public var groupKey: String?
    public var createdAt: Date
    public var acknowledgedAt: Date?
    public var acknowledgedBy: String?
    public var resolvedAt: Date?
    /// The team a route gave it to; nil when it stays with its integration's escalation.
    public var teamID: String?
    public var runbookURL: String?
    /// Set while a flapping incident whose alerts all cleared waits to be sure they stay clear.
    public var quietUntil: Date?
    /// Real, or a drill or a test: set when it opens and never changed.
    public var kind: IncidentKind

    public init(
        id: String, title: String, status: IncidentStatus, severity: Severity, impact: IncidentImpact? = nil, components: [String] = [],
        integrationID: String? = nil, groupKey: String? = nil, createdAt: Date, acknowledgedAt: Date? = nil,
        acknowledgedBy: String? = nil, resolvedAt: Date? = nil, teamID: String? = nil, runbookURL: String? = nil, quietUntil: Date? = nil,
        kind: IncidentKind = .real
    ) {
        self.kind = kind
        self.teamID = teamID
        self.runbookURL = runbookURL
        self.quietUntil = quietUntil
        self.id = id
        self.title = title
        self.status = status
        self.severity = severity
        self.impact = impact
        self.components = components
        self.integrationID = integrationID
        self.groupKey = groupKey
        self.createdAt = createdAt
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgedBy = acknowledgedBy
        self.resolvedAt = resolvedAt
    }
}

/// Whether an incident is the real thing, a drill (演练) that rehearses the response on the real
/// pipeline and people, or a test of the paging path. Drills and tests page like any incident,
/// every message marked, but never reach the public side and stay out of analytics by default.
public enum IncidentKind: String, Sendable, Codable, CaseIterable {
    case real, drill, test

    /// What every message about a drill or a test begins with, in the reader's language.
    public func marker(_ language: Language) -> String {
        switch self {
        case .real: ""
        case .drill: language.text(.drillMarker)
        case .test: language.text(.testMarker)
        }
    }

    /// A drill or a test never goes on the status page: an update meant for the public is refused.
    public func publicUpdateProblems(isPublic: Bool) -> [FieldError] {
        isPublic && self != .real ? [FieldError("public", .drillNeverPublic)] : []
    }

    public func label(_ language: Language) -> String {
        switch self {
        case .real: language.text(.incidentKindReal)
        case .drill: language.text(.incidentKindDrill)
        case .test: language.text(.incidentKindTest)
        }
    }
}

/// Where an incident stands, as Statuspage names it.
public enum IncidentStatus: String, Sendable, Codable, CaseIterable {
    case investigating, identified, monitoring, resolved
}

/// One line of an incident's timeline: what happened, who did it, when.
public struct IncidentEvent: Sendable, Equatable {
    public var id: Int64
    public var incidentID: String
    public var kind: IncidentEventKind
    public var actor: String
    public var detail: String?
    /// The detail as written for readers of other languages (a public update in English beside the Chinese).
    public var translations: [Language: String]
    /// Public events reach the status page and subscribers; the rest stay with responders.
    public var isPublic: Bool
    public var at: Date
    /// Where the event stands in the order the timeline became visible in; the live stream's event id.
    public var position: Int64

    public init(
        id: Int64, incidentID: String, kind: IncidentEventKind, actor: String, detail: String?, isPublic: Bool, at: Date, position: Int64? = nil,
        translations: [Language: String] = [:]
    ) {
        self.translations = translations
        self.id = id
        self.position = position ?? id
        self.incidentID = incidentID
        self.kind = kind
        self.actor = actor
        self.detail = detail
        self.isPublic = isPublic
        self.at = at
    }

    /// The detail readers of `language` see: their own words, else what was written.
    public func text(_ language: Language) -> String? { translations[language] ?? detail }

    /// The longest update or note a responder may write, in characters; kept whole.
    public static let longestUpdate = 5000
}

/// A monitoring integration: where alerts come from, with its own key.
public struct Integration: Sendable, Equatable {
    /// Which format it sends, by the name its ingest format registers; stored and written as that
    /// string. Open, not an enumeration, so that a new format changes nothing here.
    public struct Kind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public static let pagerduty = Kind("pagerduty")
        public static let alertmanager = Kind("alertmanager")
        public static let grafana = Kind("grafana")
        public static let generic = Kind("generic")

        public var rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }
    }

    public var id: String
    public var name: String
    public var kind: Kind
    public var grouping: Grouping
    /// The contact group paged when one of its incidents opens.
    public var notifyGroup: String?
    /// The last characters of its key, to tell keys apart without revealing them.
    public var keyHint: String
    /// Grafana's HMAC secret: when set, every request must carry a valid `X-Grafana-Alerting-Signature`.
    public var signingSecret: String?
    /// Who is paged until someone acknowledges; without one, the notify group is paged once.
    public var escalation: EscalationPolicy?

    /// The policy in force: the configured one, or the notify group paged once.
    public var effectiveEscalation: EscalationPolicy? {
        escalation ?? notifyGroup.map { EscalationPolicy(steps: [EscalationStep(target: .group($0), waitMinutes: 0)]) }
    }
    public var createdAt: Date

    public init(
        id: String, name: String, kind: Kind, grouping: Grouping = Grouping(), notifyGroup: String? = nil, keyHint: String,
        signingSecret: String? = nil, escalation: EscalationPolicy? = nil, createdAt: Date
    ) {
        self.escalation = escalation
        self.signingSecret = signingSecret
        self.id = id
        self.name = name
        self.kind = kind
        self.grouping = grouping
        self.notifyGroup = notifyGroup
        self.keyHint = keyHint
        self.createdAt = createdAt
    }
}
