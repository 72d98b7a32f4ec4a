import Foundation

/// Everything the public may see, read at one moment: the input of the status page, its
/// Statuspage-compatible JSON and its feeds. Internal notes and drafts are never in it.
public struct PublicSnapshot: Sendable {
    public var generatedAt: Date
    public var components: [Component]
    public var groups: [ComponentGroup]
    /// Unresolved incidents and the most recent others, newest first.
    public var incidents: [PublicIncident]
    /// Published maintenance (never drafts), the latest planned start first.
    public var maintenances: [PublicMaintenance]
    /// Each component's status changes over the history window, oldest first.
    public var history: [String: [ComponentStatusChange]]

    public init(
        generatedAt: Date, components: [Component], groups: [ComponentGroup], incidents: [PublicIncident],
        maintenances: [PublicMaintenance], history: [String: [ComponentStatusChange]]
    ) {
        self.generatedAt = generatedAt
        self.components = components
        self.groups = groups
        self.incidents = incidents
        self.maintenances = maintenances
        self.history = history
    }

    public var unresolvedIncidents: [PublicIncident] { incidents.filter { $0.incident.status != .resolved } }
    public var upcomingMaintenances: [PublicMaintenance] {
        maintenances.filter { $0.notice.state == .scheduled }.sorted { $0.notice.content.plannedStart < $1.notice.content.plannedStart }
    }
    public var activeMaintenances: [PublicMaintenance] { maintenances.filter { $0.notice.state == .inProgress } }

    /// The page's one-line state, worked out as Statuspage does: the worst of the components and
    /// the unresolved incidents, or maintenance when that is all there is.
    public var overall: OverallStatus {
        let worstComponent = components.map(\.status).max() ?? .operational
        var indicator = OverallStatus.Indicator(worstComponent)
        for incident in unresolvedIncidents where incident.impact.rank > indicator.rank { indicator = incident.impact }
        if indicator == .none, !activeMaintenances.isEmpty || worstComponent == .underMaintenance { indicator = .maintenance }
        return OverallStatus(indicator: indicator)
    }
}

/// An incident with only its public updates.
public struct PublicIncident: Sendable {
    public var incident: Incident
    /// Public updates and status changes, oldest first.
    public var updates: [IncidentEvent]

    public init(incident: Incident, updates: [IncidentEvent]) {
        self.incident = incident
        self.updates = updates
    }

    /// Statuspage's impact: what a responder set, else what the severity implies.
    public var impact: OverallStatus.Indicator {
        if let set = incident.impact { return set.indicator }
        switch incident.severity {
        case .high: return .critical
        case .medium: return .major
        case .low: return .minor
        }
    }

    /// What the public was last told, or when it happened.
    public var updatedAt: Date { updates.last?.at ?? incident.createdAt }
}

/// A published maintenance notice with what the status page said at each step.
public struct PublicMaintenance: Sendable {
    public var notice: Notice
    public var updates: [MaintenanceUpdate]

    public init(notice: Notice, updates: [MaintenanceUpdate]) {
        self.notice = notice
        self.updates = updates
    }

    /// The window's revision, iCalendar's SEQUENCE: raised by every change to its times or status
    /// (RFC 5545 §3.8.7.4) — each move of the end, a start or an end that came at another time than
    /// planned (compared in whole seconds, as the calendar shows them), a cancellation.
    public var revision: Int {
        func moved(_ actual: Date?, from planned: Date?) -> Bool {
            guard let actual else { return false }
            guard let planned else { return true }
            return Int(actual.timeIntervalSince1970) != Int(planned.timeIntervalSince1970)
        }
        return notice.extensions + (moved(notice.actualStart, from: notice.content.plannedStart) ? 1 : 0)
            + (moved(notice.actualEnd, from: notice.content.plannedEnd) ? 1 : 0) + (notice.state == .cancelled ? 1 : 0)
    }

    /// When it starts and ends as things stand (an extension moves the end).
    public var start: Date { notice.actualStart ?? notice.content.plannedStart }
    public var end: Date? {
        if let actual = notice.actualEnd { return actual }
        return notice.content.plannedEnd
    }

    public var updatedAt: Date { updates.last?.at ?? notice.updatedAt }
}

/// One step of a maintenance as the public saw it: announced, reminded, started, extended, completed, cancelled.
public struct MaintenanceUpdate: Sendable {
    public var id: Int64
    public var step: NoticeStep
    public var at: Date
    /// The status-page text of the step, per language.
    public var texts: [Language: String]

    public init(id: Int64, step: NoticeStep, at: Date, texts: [Language: String]) {
        self.id = id
        self.step = step
        self.at = at
        self.texts = texts
    }

    /// The text in `language`, else in the other one.
    public func text(_ language: Language) -> String {
        texts[language] ?? texts.values.first ?? ""
    }
}
