/// What one monitoring event did, as the pipeline reports it to the sender and the logs.
public struct IngestResult: Sendable, Equatable {
    public var dedupKey: String
    public var decision: IntakeDecision

    public init(dedupKey: String, decision: IntakeDecision) {
        self.dedupKey = dedupKey
        self.decision = decision
    }

    public var outcome: IntakeDecision.Outcome { decision.outcome }
    public var incidentID: String? { decision.incidentID }
    public var incidentResolved: Bool { decision.incidentResolved }
    /// What muted it (`silence:ID`, `alert:ID` or a maintenance notice's id): on the timeline, not paged.
    public var silencedBy: String? { decision.mutedBy?.reference }
}
