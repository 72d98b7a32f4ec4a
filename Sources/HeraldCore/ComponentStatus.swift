/// The state of a component as users see it, with the same names as Statuspage's component status.
public enum ComponentStatus: String, Codable, Sendable, CaseIterable, Comparable {
    case operational
    case degradedPerformance = "degraded_performance"
    case partialOutage = "partial_outage"
    case majorOutage = "major_outage"
    case underMaintenance = "under_maintenance"

    /// What an incident of `severity` does to the components it affects.
    public static func during(_ severity: Severity) -> ComponentStatus {
        switch severity {
        case .high: .majorOutage
        case .medium: .partialOutage
        case .low: .degradedPerformance
        }
    }

    /// How much the status hurts users: the overall status of a group is its worst member's.
    /// Maintenance ranks below outages because it is planned and announced.
    public var gravity: Int {
        switch self {
        case .operational: 0
        case .underMaintenance: 1
        case .degradedPerformance: 2
        case .partialOutage: 3
        case .majorOutage: 4
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.gravity < rhs.gravity }

    /// The wording shown to people, per language.
    public func label(_ language: Language) -> String {
        let phrase: Phrase =
            switch self {
            case .operational: .componentOperational
            case .degradedPerformance: .componentDegradedPerformance
            case .partialOutage: .componentPartialOutage
            case .majorOutage: .componentMajorOutage
            case .underMaintenance: .componentUnderMaintenance
            }
        return language.text(phrase)
    }

    /// The accepted spellings, for error messages.
    public static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
