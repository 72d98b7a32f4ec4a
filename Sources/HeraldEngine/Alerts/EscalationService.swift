import Foundation
import HeraldCore
import HeraldStore
import Logging
import ServiceLifecycle

/// Pages the next escalation step of every incident nobody has acknowledged in time.
///
/// Several nodes may run it: each step is recorded with a compare-and-set on the step before it,
/// so only one node pages it, and the queue keeps one delivery per key if two get that far.
public struct EscalationService: Service {
    let store: Store
    let pipeline: AlertPipeline
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    public init(
        store: Store, pipeline: AlertPipeline, interval: Duration = .seconds(5), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger
    ) {
        self.store = store
        self.pipeline = pipeline
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.store.waitForSchema()
            // Sleep first: at start-up the schema may still be migrating.
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await tick()
            }
        }
    }

    /// Escalates every incident that is due; returns how many were escalated.
    @discardableResult
    public func tick() async -> Int {
        var escalated = 0
        do {
            for (incident, step) in try await store.incidentsToEscalate(dueBy: now()) {
                guard let integrationID = incident.integrationID else { continue }
                let integration = try await store.integration(id: integrationID)
                let alert = IncomingAlert(action: .trigger, dedupKey: incident.id, summary: incident.title, occurredAt: incident.createdAt)
                let queued = try await pipeline.page(
                    incidentID: incident.id, alert: alert, severity: incident.severity, integration: integration, step: step + 1, previous: step)
                escalated += 1
                logger.notice("incident escalated", metadata: ["incident": "\(incident.id)", "step": "\(step + 2)", "pages": "\(queued)"])
            }
        } catch is CancellationError {
            // Shutting down.
        } catch {
            logger.error("escalating incidents failed; retrying", metadata: ["error": "\(error)"])
        }
        return escalated
    }
}
