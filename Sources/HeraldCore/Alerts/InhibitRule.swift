/// Alertmanager's inhibition: while an alert matching `source` is open, alerts matching `target`
/// whose `equal` labels have the same values (a missing label counts as empty) are muted —
/// "the database is down" mutes "the API behind it errors" instead of paging twice.
public struct InhibitRule: Sendable, Equatable {
    public var source: [LabelMatcher]
    public var target: [LabelMatcher]
    public var equal: [String]

    public init(source: [LabelMatcher], target: [LabelMatcher], equal: [String]) {
        self.source = source
        self.target = target
        self.equal = equal
    }

    /// Whether an open alert with `source` labels mutes a new alert with `labels`.
    public func mutes(target labels: [String: String], by source: [String: String]) -> Bool {
        target.allSatisfy { $0.matches(labels[$0.name] ?? "") }
            && self.source.allSatisfy { $0.matches(source[$0.name] ?? "") }
            && equal.allSatisfy { (labels[$0] ?? "") == (source[$0] ?? "") }
    }
}
