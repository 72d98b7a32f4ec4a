import Foundation
import HeraldCore
import HeraldStore
import Logging
import ServiceLifecycle

/// Heartbeat monitors at work: takes beats, and looks every few seconds for monitors whose beat is
/// overdue. Their alerts go through the store's intake with the monitor's change and are paged by
/// the pipeline, so a heartbeat incident is routed, escalated and paged like any alert's.
///
/// Several nodes may run it: each monitor is checked under its row lock (skipped by a node that
/// finds it locked), and its alert has one dedup key, so it is never opened twice.
public struct HeartbeatService: Service {
    let store: Store
    let pipeline: AlertPipeline
    let language: Language
    let zone: TimeZone
    let interval: Duration
    let logger: Logger

    /// `language` titles the incidents (one title each); `zone` dates the timeline's lines.
    public init(store: Store, pipeline: AlertPipeline, language: Language, zone: TimeZone, interval: Duration = .seconds(5), logger: Logger) {
        self.store = store
        self.pipeline = pipeline
        self.language = language
        self.zone = zone
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await PeriodicPass.run(every: interval, waitFirst: true, after: { [store] in await store.waitForSchema() }) { await self.tick() }
    }

    /// A beat from the job holding `key`; nil for an unknown key. An incident opened by a `fail`
    /// beat is paged before this returns.
    public func beat(key: String, _ signal: HeartbeatSignal) async throws -> HeartbeatResult? {
        let result = try await store.beat(key: key, signal, at: pipeline.now(), intake: intake)
        if let result { try await page(result) }
        return result
    }

    /// A beat for a monitor Herald beats itself, by its id; paged like a beat by key.
    public func beat(monitorID: String, _ signal: HeartbeatSignal) async throws -> HeartbeatResult? {
        let result = try await store.beat(monitorID: monitorID, signal, at: pipeline.now(), intake: intake)
        if let result { try await page(result) }
        return result
    }

    /// Looks at every monitor that is due; returns how many were found late.
    @discardableResult
    public func tick() async -> Int {
        var late = 0
        do {
            for id in try await store.heartbeatsDue(by: pipeline.now()) {
                guard let result = try await store.checkHeartbeat(id: id, at: pipeline.now(), intake: intake) else { continue }
                if result.decision.outcome == .late {
                    late += 1
                    logger.notice("heartbeat late", metadata: ["monitor": "\(result.monitor.name)", "incident": "\(result.ingest?.incidentID ?? "-")"])
                }
                try await page(result)
            }
        } catch where error is CancellationError || Task.isCancelled {
            // Shutting down: a query cut short is not a failure.
        } catch {
            logger.error("checking heartbeats failed; retrying", metadata: ["error": "\(error)"])
        }
        return late
    }

    func page(_ result: HeartbeatResult) async throws {
        guard let ingest = result.ingest, let alert = result.alert else { return }
        let integration = try await store.integration(id: Store.heartbeatIntegration)
        try await pipeline.pageIfOpened(
            ingest, alert: alert, source: result.monitor.name, fallback: integration.effectiveEscalation, routing: result.routing)
    }

    /// The pipeline's settings, and the monitor's team as its route: a team named on the monitor
    /// wins; without one, the routing rules decide from its labels.
    var intake: HeartbeatIntake {
        let pipeline = pipeline
        let store = store
        return HeartbeatIntake(
            routing: { alert, monitor in
                if let team = monitor.teamID {
                    return RoutingDecision(route: AlertRoute(matchers: [], team: team, severity: monitor.severity), severity: monitor.severity)
                }
                let decided = pipeline.routing(alert, routes: try await store.cachedAlertRoutes())
                return RoutingDecision(route: decided.route, severity: decided.route?.severity ?? monitor.severity)
            }, autoResolve: pipeline.autoResolve, inhibitions: pipeline.inhibitions, flapping: pipeline.flapping, language: language, zone: zone)
    }
}
