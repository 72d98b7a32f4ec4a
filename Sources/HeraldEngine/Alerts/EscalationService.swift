import Foundation
import HeraldCore
import HeraldStore
import Logging
import ServiceLifecycle

/// Pages the next escalation step of every incident nobody has acknowledged in time, and sends
/// each alert storm's digests until it ends.
///
/// Several nodes may run it: each step is recorded with a compare-and-set on the step before it,
/// so only one node pages it, and the queue keeps one delivery per key if two get that far.
public struct EscalationService: Service {
    let store: any EscalationRecords
    let pipeline: AlertPipeline
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    public init(
        store: any EscalationRecords, pipeline: AlertPipeline, interval: Duration = .seconds(5), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger
    ) {
        self.store = store
        self.pipeline = pipeline
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        await PeriodicPass.run(every: interval, waitFirst: true, after: { [store] in await store.waitForSchema() }) { await self.tick() }
    }

    /// Escalates every incident that is due, tells responders about alerts that joined, and resolves
    /// flapping incidents that stayed quiet; returns how many incidents were escalated.
    @discardableResult
    public func tick() async -> Int {
        var escalated = 0
        do {
            for (incident, step) in try await store.incidentsToEscalate(dueBy: now()) {
                let alerts = try await store.alerts(incidentID: incident.id)
                let alert = Self.headline(of: incident, alerts: alerts)
                var source = "herald"
                if let integration = incident.integrationID { source = try await store.integration(id: integration).name }
                let queued = try await pipeline.page(
                    incidentID: incident.id, alert: alert, severity: incident.severity, policy: try await pipeline.policy(for: incident),
                    source: source, runbook: incident.runbookURL, step: step + 1, previous: step, alertCount: max(alerts.count, 1), kind: incident.kind)
                escalated += 1
                logger.notice("incident escalated", metadata: ["incident": "\(incident.id)", "step": "\(step + 2)", "pages": "\(queued)"])
            }
            for (incident, step, since, due) in try await store.incidentsWithNewAlerts(dueBy: now()) {
                let queued = try await pipeline.announceNewAlerts(incident: incident, step: step, since: since, due: due)
                logger.info("new alerts announced", metadata: ["incident": "\(incident.id)", "messages": "\(queued)"])
            }
            for id in try await store.resolveQuietIncidents(dueBy: now()) {
                logger.notice("flapping incident resolved after staying quiet", metadata: ["incident": "\(id)"])
            }
            for storm in try await store.activeStorms() {
                let outcome = try await pipeline.tickStorm(storm)
                if outcome != .nothing {
                    logger.notice("alert storm", metadata: ["incident": "\(storm.incidentID)", "team": "\(storm.team)", "did": "\(outcome)"])
                }
            }
        } catch where error is CancellationError || Task.isCancelled {
            // Shutting down: a query cut short is not a failure.
        } catch {
            logger.error("escalating incidents failed; retrying", metadata: ["error": "\(error)"])
        }
        return escalated
    }

    /// What a later page says: the incident's first alert, with how many more were grouped under it.
    static func headline(of incident: Incident, alerts: [StoredAlert]) -> IncomingAlert {
        guard let first = alerts.first else {
            return IncomingAlert(action: .trigger, dedupKey: incident.id, summary: incident.title, occurredAt: incident.createdAt)
        }
        let more = alerts.count - 1
        return IncomingAlert(
            action: .trigger, dedupKey: first.dedupKey, summary: first.summary + (more > 0 ? " (+\(more))" : ""), source: first.source,
            labels: first.labels, annotations: first.annotations, links: first.links, occurredAt: first.firstAt)
    }
}
