/// Which alerts share an incident and when it is paged, as Alertmanager's `group_by`, `group_wait`
/// and `group_interval` define them.
///
/// Alerts of one integration whose `groupBy` labels agree share an incident (`...` groups by every
/// label, so each label set stands alone). The first page waits `groupWait` seconds to gather the
/// alerts that arrive together; alerts that join later are announced at most every `groupInterval`.
public struct Grouping: Sendable, Equatable, Codable {
    public var groupBy: [String]
    public var groupWait: Int
    public var groupInterval: Int

    public init(groupBy: [String] = ["alertname"], groupWait: Int = 0, groupInterval: Int = 300) {
        self.groupBy = groupBy
        self.groupWait = groupWait
        self.groupInterval = groupInterval
    }

    /// The incident key of `alert` from `integration`, within `team` when a route chose one. Without
    /// any of the labels, the alert's own dedup key keeps it apart, as PagerDuty would.
    public func key(for alert: IncomingAlert, integration: String, team: String? = nil) -> String {
        let scope = integration + (team.map { "|team=" + $0 } ?? "")
        if groupBy == ["..."] {
            let all = alert.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return scope + "|" + (all.isEmpty ? "dedup=" + alert.dedupKey : all.joined(separator: ","))
        }
        let values = groupBy.compactMap { name in alert.labels[name].map { "\(name)=\($0)" } }
        return scope + "|" + (values.isEmpty ? "dedup=" + alert.dedupKey : values.joined(separator: ","))
    }
}
