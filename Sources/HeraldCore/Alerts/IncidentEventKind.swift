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
    /// A responder set another severity by hand.
    case severityChanged = "severity_changed"
    /// A responder handed the incident to another team.
    case reassigned
    /// A heartbeat monitor went late, failed or recovered.
    case heartbeat
    /// A regulatory clock: a classification, a correction, a filing, a reminder or a missed deadline.
    case compliance
    /// A responder set, corrected or took back a milestone (impact started, mitigated…), with a reason.
    case milestone
    /// Its team went into storm mode with this incident, a digest went out, or the storm ended.
    case storm
    /// Its postmortem was published on the status page: the public summary, in each language written.
    case postmortem
    /// A drill or a test was started, by whom.
    case drill
    /// Someone opened the runbook from a drill's page (through Herald's link, so its scorecard knows).
    case runbookOpened = "runbook_opened"
}

extension IncidentEventKind {
    /// How a responder's timeline names it.
    public func label(_ language: Language) -> String {
        let phrase: Phrase =
            switch self {
            case .opened: .respondEventOpened
            case .alertReceived: .respondEventAlertReceived
            case .alertResolved: .respondEventAlertResolved
            case .severityRaised: .respondEventSeverityRaised
            case .silenced: .respondEventSilenced
            case .grouping: .respondEventGrouping
            case .flapping: .respondEventFlapping
            case .acknowledged: .respondEventAcknowledged
            case .resolved: .respondEventResolved
            case .pageQueued: .respondEventPageQueued
            case .escalated: .respondEventEscalated
            case .escalationExhausted: .respondEventEscalationExhausted
            case .alertsAnnounced: .respondEventAlertsAnnounced
            case .titleChanged: .respondEventTitleChanged
            case .impactSet: .respondEventImpactSet
            case .statusChanged: .respondEventStatusChanged
            case .update: .respondEventUpdate
            case .note: .respondEventNote
            case .severityChanged: .incidentEventSeverityChanged
            case .reassigned: .incidentEventReassigned
            case .heartbeat: .incidentEventHeartbeat
            case .compliance: .incidentEventCompliance
            case .milestone: .incidentEventMilestone
            case .storm: .incidentEventStorm
            case .postmortem: .incidentEventPostmortem
            case .drill: .incidentEventDrill
            case .runbookOpened: .incidentEventRunbookOpened
            }
        return language.text(phrase)
    }
}

extension AlertStatus {
    /// How a responder's page names it.
    public func label(_ language: Language) -> String {
        language.text(self == .triggered ? .respondAlertFiring : self == .acknowledged ? .respondAlertAcknowledged : .respondAlertResolved)
    }
}
