/// What a line of an incident's timeline records; stored as its raw value.
public enum IncidentEventKind: String, Sendable, Codable, CaseIterable {
    case opened
    case alertReceived = "alert_received"
    case alertResolved = "alert_resolved"
    case severityRaised = "severity_raised"
    /// An alert muted by a silence, an inhibiting alert or a running maintenance.
    case silenced
    /// The first page waits for the group wait.
    case grouping
    case flapping
    case acknowledged
    case resolved
    case pageQueued = "page_queued"
    case escalated
    case escalationExhausted = "escalation_exhausted"
    case alertsAnnounced = "alerts_announced"
    case titleChanged = "title_changed"
    case impactSet = "impact_set"
    case statusChanged = "status_changed"
    /// A public update: the status page and subscribers see it.
    case update
    /// An internal note for responders.
    case note
}
