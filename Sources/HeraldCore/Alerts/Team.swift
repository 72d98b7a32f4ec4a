/// The people responsible for some services: who is paged, step by step, for the alerts routed to them.
public struct Team: Sendable, Equatable {
    public var id: String
    public var name: String
    public var escalation: EscalationPolicy

    public init(id: String, name: String, escalation: EscalationPolicy) {
        self.id = id
        self.name = name
        self.escalation = escalation
    }
}
