/// What users feel during an incident, in Statuspage's words; a responder sets it.
public enum IncidentImpact: String, Sendable, Codable, CaseIterable {
    case none, minor, major, critical

    /// The status page's indicator for it.
    public var indicator: OverallStatus.Indicator {
        switch self {
        case .none: .none
        case .minor: .minor
        case .major: .major
        case .critical: .critical
        }
    }
}
