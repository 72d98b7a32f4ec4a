/// How urgent a message is; it decides the channels and the order of dispatch.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case low
    case medium
    case high

    /// Higher is more urgent; the delivery queue orders by it.
    public var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    public func label(_ language: Language) -> String {
        let phrase: Phrase =
            switch self {
            case .low: .severityLow
            case .medium: .severityMedium
            case .high: .severityHigh
            }
        return language.text(phrase)
    }
}
