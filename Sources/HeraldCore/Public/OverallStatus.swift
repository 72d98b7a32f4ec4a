/// The page's one-line state, with Statuspage's indicator and wording.
public struct OverallStatus: Sendable, Equatable {
    /// Statuspage's status indicator, also an incident's impact.
    public enum Indicator: String, Sendable, Codable, CaseIterable {
        case none, minor, major, critical, maintenance

        /// How bad it is; maintenance ranks with none, being planned.
        public var rank: Int {
            switch self {
            case .none, .maintenance: 0
            case .minor: 1
            case .major: 2
            case .critical: 3
            }
        }

        /// What a component's status says about the page.
        public init(_ status: ComponentStatus) {
            switch status {
            case .operational: self = .none
            case .underMaintenance: self = .maintenance
            case .degradedPerformance: self = .minor
            case .partialOutage: self = .major
            case .majorOutage: self = .critical
            }
        }
    }

    public var indicator: Indicator

    public init(indicator: Indicator) { self.indicator = indicator }

    public func description(_ language: Language) -> String {
        let phrase: Phrase =
            switch indicator {
            case .none: .overallNone
            case .minor: .overallMinor
            case .major: .overallMajor
            case .critical: .overallCritical
            case .maintenance: .overallMaintenance
            }
        return language.text(phrase)
    }
}
