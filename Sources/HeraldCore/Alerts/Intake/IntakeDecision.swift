/// What one monitoring event does: the outcome its sender is told, and the changes to write.
public struct IntakeDecision: Sendable, Equatable {
    /// What the event did, as its sender and the API name it.
    public enum Outcome: String, Sendable {
        /// A new alert opened a new incident.
        case opened
        /// A new alert joined an open incident of its group.
        case grouped
        /// A repeat of an open alert (same dedup key): counted, nothing new.
        case repeated
        case acknowledged
        case resolved
        /// Acknowledge or resolve for a key with no open alert: dropped, as PagerDuty does.
        case dropped
    }

    /// Why an alert pages nobody.
    public enum Muting: Sendable, Equatable {
        case silence(id: String)
        case inhibitedBy(alertID: Int64)
        case maintenance(noticeID: String)

        /// How the API and the logs name it: `silence:ID`, `alert:ID`, or the notice's id.
        public var reference: String {
            switch self {
            case .silence(let id): "silence:\(id)"
            case .inhibitedBy(let id): "alert:\(id)"
            case .maintenance(let notice): notice
            }
        }
    }

    public var outcome: Outcome
    public var incidentID: String?
    public var changes: [IntakeChange]
    public var mutedBy: Muting?
    /// The first escalation step is paged now, after the transaction commits.
    public var pageNow: Bool
    /// The last open alert resolved and the incident with it.
    public var incidentResolved: Bool
    /// Whether the alert began its team's storm, joined it, or had nothing to do with one.
    public var storm: StormIntake

    public init(
        outcome: Outcome, incidentID: String?, changes: [IntakeChange] = [], mutedBy: Muting? = nil, pageNow: Bool = false,
        incidentResolved: Bool = false, storm: StormIntake = .normal
    ) {
        self.storm = storm
        self.outcome = outcome
        self.incidentID = incidentID
        self.changes = changes
        self.mutedBy = mutedBy
        self.pageNow = pageNow
        self.incidentResolved = incidentResolved
    }
}
