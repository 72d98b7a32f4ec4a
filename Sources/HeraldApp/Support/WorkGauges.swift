import Foundation
import HeraldChannels
import HeraldCore
import HeraldStore

/// What `/healthz` and `/metrics` read at the time they are asked: the database (reachable, its
/// schema, the queue, open incidents) with one cheap query each, and this node's scheduler. Nothing of
/// it is kept in memory between scrapes, so every node reports what the database holds.
public struct WorkGauges: Sendable {
    public var storeReachable: Bool
    public var schemaVersion: Int?
    public var queue: QueueFacts?
    public var incidents: OpenIncidentFacts?
    public var node: String
    public var schedulerRunning: Bool
    public var lastTickAge: TimeInterval?
    /// How the scheduled backups last went; nil when none ever ran.
    public var backups: ScheduledJobRecord?
    /// The store's clock when read; ages are measured from it.
    public var now: Date

    /// Reads it all; a database that does not answer leaves its parts nil.
    public static func read(store: Store, metrics: HeraldMetrics, incidents readIncidents: Bool = true) async -> WorkGauges {
        var gauges = WorkGauges(
            storeReachable: false, node: metrics.node, schedulerRunning: metrics.scheduler.running, lastTickAge: metrics.scheduler.lastTickAge,
            now: store.now())
        do {
            try await store.ping()
            gauges.storeReachable = true
            gauges.schemaVersion = try await store.schemaVersion()
            gauges.queue = try await store.queueFacts()
            if readIncidents { gauges.incidents = try await store.openIncidentFacts() }
            gauges.backups = try await store.jobRecord(ScheduledBackups.job)
        } catch {
            // What was read stays; `storeReachable` says whether the database answered at all.
        }
        return gauges
    }

    /// Seconds the oldest due delivery nobody is sending has waited; 0 when none waits.
    public var queueLag: TimeInterval { queue?.oldestDue.map { max(0, now.timeIntervalSince($0)) } ?? 0 }

    public var verdict: (verdict: HealthVerdict, reasons: [String]) {
        HealthVerdict.of(
            .init(
                storeReachable: storeReachable, schemaVersion: schemaVersion, expectedSchemaVersion: Store.latestSchemaVersion,
                schedulerRunning: schedulerRunning, lastTickAge: lastTickAge, queueLag: queueLag))
    }

    /// The gauges in Prometheus's text format, to follow the registry's counters and histograms.
    /// Every channel and severity has its line, zero included, so a query never finds a series missing.
    public func exposition() -> String {
        var text = Exposition()
        text.gauge("herald_store_up", "Whether the database answers (1) or not (0).", [([], storeReachable ? 1 : 0)])
        if let schemaVersion {
            text.gauge("herald_store_schema_version", "The database schema's version.", [([], Double(schemaVersion))])
        }
        if let queue {
            let kinds = Array(Set(Channels.catalogue.kinds + queue.lines.map(\.channel))).sorted { $0.rawValue < $1.rawValue }
            func line(_ kind: ChannelKind, _ state: DeliveryState) -> QueueFacts.Line? {
                queue.lines.first { $0.channel == kind && $0.state == state }
            }
            text.gauge(
                "herald_delivery_queue_depth", "Deliveries in the queue by channel and state: pending (waiting or in flight) or dead (dead letters).",
                kinds.flatMap { kind in
                    [DeliveryState.pending, .dead].map { state in
                        ([("channel", kind.rawValue), ("state", state.rawValue)], Double(line(kind, state)?.count ?? 0))
                    }
                })
            text.gauge(
                "herald_delivery_queue_lag_seconds", "How long the oldest due delivery nobody is sending has waited, by channel; 0 when none waits.",
                kinds.map { kind in
                    ([("channel", kind.rawValue)], line(kind, .pending)?.oldestDue.map { max(0, now.timeIntervalSince($0)) } ?? 0)
                })
        }
        if let incidents {
            var counts: [(labels: [(String, String)], value: Double)] = []
            var ages: [(labels: [(String, String)], value: Double)] = []
            for severity in Severity.allCases.sorted(by: { $0.rank > $1.rank }) {
                for acknowledged in [false, true] {
                    let line = incidents.lines.first { $0.severity == severity && $0.acknowledged == acknowledged }
                    let labels = [("severity", severity.rawValue), ("acknowledged", String(acknowledged))]
                    counts.append((labels, Double(line?.count ?? 0)))
                    ages.append((labels, line.map { max(0, now.timeIntervalSince($0.oldestOpened)) } ?? 0))
                }
            }
            text.gauge("herald_incidents_open", "Incidents not resolved, by severity and whether someone acknowledged them.", counts)
            text.gauge(
                "herald_incidents_open_oldest_age_seconds", "Age of the oldest unresolved incident, by severity and acknowledgement; 0 when none.",
                ages)
        }
        if let backups {
            text.gauge(
                "herald_backup_last_success_timestamp_seconds", "When the last scheduled backup succeeded (Unix time); 0 before the first.",
                [([], backups.lastSuccessAt?.timeIntervalSince1970.rounded() ?? 0)])
            if let success = backups.lastSuccessAt {
                text.gauge(
                    "herald_backup_last_success_age_seconds", "Seconds since the last scheduled backup succeeded.",
                    [([], max(0, now.timeIntervalSince(success)).rounded())])
            }
            text.gauge(
                "herald_backup_last_failure_timestamp_seconds", "When a scheduled backup last failed (Unix time); 0 if none has.",
                [([], backups.lastFailureAt?.timeIntervalSince1970.rounded() ?? 0)])
        }
        text.gauge(
            "herald_scheduler_running",
            "Whether this node runs the notice scheduler (1). There is no leader election: every node running herald serve runs it, and row locks apply each step once.",
            [([("node", node)], schedulerRunning ? 1 : 0)])
        if let lastTickAge {
            text.gauge(
                "herald_scheduler_last_pass_age_seconds", "Seconds since this node's notice scheduler finished a pass.",
                [([("node", node)], lastTickAge)])
        }
        return text.text
    }
}

/// Writes gauges in the Prometheus text exposition format (version 0.0.4).
struct Exposition {
    var text = ""

    mutating func gauge(_ name: String, _ help: String, _ samples: [(labels: [(String, String)], value: Double)]) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
        for (labels, value) in samples {
            let rendered = labels.isEmpty ? "" : "{" + labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}"
            text += "\(name)\(rendered) \(Self.number(value))\n"
        }
    }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.3f", value)
    }
}
