import Foundation

/// One change that intake decided; the store writes them in order, in the event's transaction.
public enum IntakeChange: Sendable, Equatable {
    /// A repeat of an open alert: counted, its summary refreshed.
    case countRepeat(alertID: Int64, summary: String)
    case openIncident(OpenedIncident)
    case raiseSeverity(incidentID: String, to: Severity)
    /// The incident now affects these components; `worsen` are those whose status it makes worse.
    case affectComponents(incidentID: String, components: [String], worsen: [String: ComponentStatus])
    /// The alert itself, stored under its incident.
    case recordAlert(incidentID: String, severity: Severity)
    /// The first page waits for the group wait, to gather the alerts that arrive together.
    case holdForGroupWait(incidentID: String, until: Date)
    /// A flapping incident fired again: it stays open, with no new page.
    case clearFlappingHold(incidentID: String)
    /// The team (`""` for alerts of no team) goes into storm mode, with this incident as its storm;
    /// `opened` incidents in the window, this one included, set it off.
    case beginStorm(incidentID: String, team: String, opened: Int)
    /// Joined alerts are announced to the incident's people at `due`.
    case announceJoinedAlerts(incidentID: String, due: Date)
    case acknowledgeAlert(alertID: Int64)
    /// Acknowledged if nobody has yet; recorded on the timeline only then.
    case acknowledgeIncident(incidentID: String, by: String)
    case resolveAlert(alertID: Int64)
    /// Every alert cleared but it was flapping: it resolves only once quiet until `until`.
    case holdFlapping(incidentID: String, until: Date)
    /// Resolved unless it already was; its components no other incident holds are released.
    case resolveIncident(incidentID: String, by: String)
    /// A line on the incident's timeline.
    case timeline(incidentID: String, IncidentEventKind, actor: String, detail: String?)

    /// An incident as intake opens it.
    public struct OpenedIncident: Sendable, Equatable {
        public var id: String
        public var title: String
        public var severity: Severity
        public var groupKey: String
        public var integrationID: String
        public var teamID: String?
        public var runbookURL: String?
        public var kind: IncidentKind

        public init(
            id: String, title: String, severity: Severity, groupKey: String, integrationID: String, teamID: String?, runbookURL: String?,
            kind: IncidentKind = .real
        ) {
            self.kind = kind
            self.id = id
            self.title = title
            self.severity = severity
            self.groupKey = groupKey
            self.integrationID = integrationID
            self.teamID = teamID
            self.runbookURL = runbookURL
        }
    }
}
