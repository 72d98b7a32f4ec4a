import Foundation
import Prometheus

/// Herald's Prometheus registry. One per application, so tests and several apps in one process stay apart;
/// `herald serve` also bootstraps swift-metrics with it so library metrics land in the same place.
public struct HeraldMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// The text exposition format Prometheus scrapes.
    public func exposition() -> String { registry.emitToString() }
}
