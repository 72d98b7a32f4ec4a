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
        switch (indicator, language) {
        case (.none, .en): "All Systems Operational"
        case (.minor, .en): "Minor Service Outage"
        case (.major, .en): "Partial System Outage"
        case (.critical, .en): "Major System Outage"
        case (.maintenance, .en): "Service Under Maintenance"
        case (.none, .zhCN): "所有系统运行正常"
        case (.minor, .zhCN): "部分服务轻微异常"
        case (.major, .zhCN): "部分系统中断"
        case (.critical, .zhCN): "重大系统中断"
        case (.maintenance, .zhCN): "服务维护中"
        }
    }
}
