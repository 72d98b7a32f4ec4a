import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import Logging
import ServiceLifecycle

/// The config's `drills.schedule` at work: each month's drill is started at its time, by one node.
/// A node leases the schedule's job, looks again at what was last started (another node may have
/// just done it), starts the drill and records the occurrence's key; a time missed by more than an
/// hour (Herald was down) is skipped, not started late.
public struct ScheduledDrills: Service {
    let drills: Drills
    let node: String
    let interval: Duration
    let logger: Logger
    let now: @Sendable () -> Date

    public init(drills: Drills, node: String, interval: Duration = .seconds(30), logger: Logger, now: @escaping @Sendable () -> Date) {
        self.drills = drills
        self.node = node
        self.interval = interval
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        await PeriodicPass.run(every: interval, after: { [drills] in await drills.store.waitForSchema() }) { await self.pass() }
    }

    /// Starts the drills due now; returns the incidents opened.
    @discardableResult
    public func pass() async -> [String] {
        var started: [String] = []
        for schedule in drills.settings.schedules {
            do {
                let store = drills.store
                guard schedule.due(at: now(), started: try await store.jobRecord(schedule.job)?.lastResult) != nil,
                    try await store.leaseJob(schedule.job, node: node, until: now().addingTimeInterval(300)),
                    let due = schedule.due(at: now(), started: try await store.jobRecord(schedule.job)?.lastResult)
                else { continue }
                do {
                    let incident = try await drills.start(DrillRequest(team: schedule.team, severity: schedule.severity), actor: "herald:schedule")
                    try await store.recordJob(schedule.job, succeededWith: due.key)
                    started.append(incident.id)
                    logger.notice("scheduled drill started", metadata: ["team": "\(schedule.team)", "incident": "\(incident.id)", "for": "\(due.key)"])
                } catch {
                    // Recorded as this time's try (the lease makes the next one wait five minutes); the log says why.
                    try await store.recordJob(schedule.job, failedWith: "\(error)")
                    logger.error("scheduled drill could not start", metadata: ["team": "\(schedule.team)", "error": "\(error)"])
                }
            } catch where error is CancellationError || Task.isCancelled {
                return started
            } catch {
                logger.error("looking for scheduled drills failed; retrying", metadata: ["error": "\(error)"])
            }
        }
        return started
    }
}
