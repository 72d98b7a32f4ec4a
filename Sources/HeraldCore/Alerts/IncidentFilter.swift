/// Which incidents a list shows: the console's incident list reads these from its query string.
/// Every field left nil (or empty) keeps every incident.
public struct IncidentFilter: Sendable, Equatable {
    /// Where an incident stands for a responder: nobody took it yet, someone did, it is over.
    public enum State: String, Sendable, CaseIterable {
        /// Not resolved and not acknowledged.
        case open
        /// Acknowledged and not resolved.
        case acknowledged
        case resolved
    }

    public var state: State?
    public var severity: Severity?
    public var team: String?
    public var integration: String?
    /// Acknowledged by one of these actors (`user:<email>`, `contact:<id> (link)`): "assigned to me".
    public var acknowledgedBy: [String]?

    public init(state: State? = nil, severity: Severity? = nil, team: String? = nil, integration: String? = nil, acknowledgedBy: [String]? = nil) {
        self.state = state
        self.severity = severity
        self.team = team
        self.integration = integration
        self.acknowledgedBy = acknowledgedBy
    }

    /// The actors an operator acts as: themselves in the console, and each contact with their email
    /// address through a page's respond link (how `RespondRoutes` records it). The incident list's
    /// "assigned to me" is the incidents acknowledged by one of them.
    public static func actors(operatorEmail: String, contactIDs: [String]) -> [String] {
        ["user:\(operatorEmail)"] + contactIDs.map { "contact:\($0) (link)" }
    }
}
