/// Which alerts share an incident: those of one integration whose `groupBy` labels agree, as
/// Alertmanager's `group_by` defines it (`...` groups by every label, so each label set stands alone).
public struct Grouping: Sendable, Equatable, Codable {
    public var groupBy: [String]

    public init(groupBy: [String] = ["alertname"]) {
        self.groupBy = groupBy
    }

    /// The incident key of `alert` from `integration`. Without any of the labels, the alert's own
    /// dedup key keeps it apart, as PagerDuty would.
    public func key(for alert: IncomingAlert, integration: String) -> String {
        if groupBy == ["..."] {
            let all = alert.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return integration + "|" + (all.isEmpty ? "dedup=" + alert.dedupKey : all.joined(separator: ","))
        }
        let values = groupBy.compactMap { name in alert.labels[name].map { "\(name)=\($0)" } }
        return integration + "|" + (values.isEmpty ? "dedup=" + alert.dedupKey : values.joined(separator: ","))
    }
}
