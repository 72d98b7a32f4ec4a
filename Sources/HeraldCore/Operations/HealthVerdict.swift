import Foundation

/// What `/healthz` says about a node, from what it measured: the store, the scheduler, the queue.
///
/// `unavailable` (503) only when the database does not answer: nothing works without it. The rest
/// still serves and is `degraded` (200, so a load balancer keeps it) when the schema is behind this
/// build, the notice scheduler is not running or has not finished a pass for `stalledAfter`, or the
/// oldest due delivery has waited longer than `lagLimit`.
public enum HealthVerdict: String, Sendable, Equatable, Codable {
    case ok, degraded, unavailable

    public struct Facts: Sendable, Equatable {
        public var storeReachable: Bool
        public var schemaVersion: Int?
        public var expectedSchemaVersion: Int
        public var schedulerRunning: Bool
        /// Seconds since the scheduler's last finished pass; nil before the first.
        public var lastTickAge: TimeInterval?
        /// Seconds the oldest due delivery has waited; 0 when none waits.
        public var queueLag: TimeInterval

        public init(
            storeReachable: Bool, schemaVersion: Int?, expectedSchemaVersion: Int, schedulerRunning: Bool, lastTickAge: TimeInterval?,
            queueLag: TimeInterval
        ) {
            self.storeReachable = storeReachable
            self.schemaVersion = schemaVersion
            self.expectedSchemaVersion = expectedSchemaVersion
            self.schedulerRunning = schedulerRunning
            self.lastTickAge = lastTickAge
            self.queueLag = queueLag
        }
    }

    /// A scheduler pass runs every second; a minute without one is a stall.
    public static let stalledAfter: TimeInterval = 60
    /// Deliveries retry on their own schedule; five minutes behind it is a backlog.
    public static let lagLimit: TimeInterval = 300

    /// The verdict and, for anything short of `ok`, each reason in plain words.
    public static func of(_ facts: Facts) -> (verdict: HealthVerdict, reasons: [String]) {
        guard facts.storeReachable else { return (.unavailable, ["the database does not answer"]) }
        var reasons: [String] = []
        if let version = facts.schemaVersion, version < facts.expectedSchemaVersion {
            reasons.append("the database schema is at version \(version), this build expects \(facts.expectedSchemaVersion)")
        }
        if !facts.schedulerRunning {
            reasons.append("the notice scheduler is not running on this node")
        } else if let age = facts.lastTickAge, age > stalledAfter {
            reasons.append("the notice scheduler has not finished a pass for \(Int(age)) s")
        }
        if facts.queueLag > lagLimit {
            reasons.append("the oldest due delivery has waited \(Int(facts.queueLag)) s")
        }
        return (reasons.isEmpty ? .ok : .degraded, reasons)
    }
}
