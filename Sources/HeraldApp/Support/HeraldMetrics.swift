import Foundation
import Prometheus
import Synchronization

/// Herald's Prometheus registry. One per application, so tests and several apps in one process stay apart;
/// `herald serve` also bootstraps swift-metrics with it so library metrics land in the same place.
///
/// It is also the background services' `WorkRecorder` (`WorkMetrics.swift`), and what `/metrics` adds
/// from the database at scrape time is in `WorkGauges.swift`.
public struct HeraldMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// This node's name in the scheduler's metrics: the host's name.
    public let node: String
    let scheduler = SchedulerState()

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), node: String = ProcessInfo.processInfo.hostName) {
        self.registry = registry
        self.node = node
    }

    /// The text exposition format Prometheus scrapes.
    public func exposition() -> String { registry.emitToString() }
}

/// Whether this node's notice scheduler runs, and when it last finished a pass (on a monotonic clock).
final class SchedulerState: Sendable {
    private let state = Mutex<(running: Bool, lastTick: ContinuousClock.Instant?)>((false, nil))

    func set(running: Bool) { state.withLock { $0.running = running } }
    func ticked() { state.withLock { $0.lastTick = ContinuousClock.now } }

    var running: Bool { state.withLock { $0.running } }
    /// Seconds since the last finished pass, nil before the first.
    var lastTickAge: TimeInterval? {
        state.withLock { $0.lastTick }.map { instant in
            let age = ContinuousClock.now - instant
            return Double(age.components.seconds) + Double(age.components.attoseconds) / 1e18
        }
    }
}
