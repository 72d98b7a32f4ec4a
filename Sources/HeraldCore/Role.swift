/// What an API token may do. Each role includes everything the roles below it may do.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    /// Reads everything.
    case viewer
    /// Also acts during incidents and maintenance: changes statuses, acknowledges, posts updates.
    case responder
    /// Also manages the catalogue, tokens and configuration.
    case admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .responder: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    /// Whether a holder of this role may do what `required` allows.
    public func permits(_ required: Role) -> Bool { self >= required }

    public static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
