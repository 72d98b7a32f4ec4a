import Foundation

/// What joined a storm since responders were last told: how many alerts, from which sources, on
/// which components, and the summaries seen most — what a responder reads instead of a page each.
public struct StormDigest: Sendable, Equatable {
    /// One name and how many alerts carried it.
    public struct Tally: Sendable, Equatable {
        public var name: String
        public var count: Int

        public init(_ name: String, _ count: Int) {
            self.name = name
            self.count = count
        }
    }

    public var total: Int
    /// By the alert's source (its `source`, else its `job` or `instance` label).
    public var bySource: [Tally]
    /// By the component or service the alert names; alerts naming none are left out.
    public var byComponent: [Tally]
    /// The summaries seen most.
    public var top: [Tally]

    public init(total: Int, bySource: [Tally], byComponent: [Tally], top: [Tally]) {
        self.total = total
        self.bySource = bySource
        self.byComponent = byComponent
        self.top = top
    }

    /// The digest of `alerts`, each list cut to its `limit` largest (ties by name, so it reads the same every time).
    public static func of(_ alerts: [StoredAlert], limit: Int = 5) -> StormDigest {
        func tally(_ names: [String]) -> [Tally] {
            var counts: [String: Int] = [:]
            for name in names { counts[name, default: 0] += 1 }
            let ranked = counts.map { Tally($0.key, $0.value) }.sorted { (a: Tally, b: Tally) -> Bool in
                a.count != b.count ? a.count > b.count : a.name < b.name
            }
            return Array(ranked.prefix(limit))
        }
        return StormDigest(
            total: alerts.count,
            bySource: tally(alerts.map { $0.source ?? $0.labels["job"] ?? $0.labels["instance"] ?? "?" }),
            byComponent: tally(alerts.flatMap { (alert: StoredAlert) -> [String] in
                Array(Set([alert.labels["component"], alert.labels["service"]].compactMap { $0 }))
            }),
            top: tally(alerts.map(\.summary)))
    }
}
