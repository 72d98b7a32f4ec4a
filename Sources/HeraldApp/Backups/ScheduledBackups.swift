import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import Logging
import ServiceLifecycle

/// The config's `backups` schedule at work: a backup when one is due, its drill, the retention, and
/// a beat of the `herald-backups` heartbeat monitor for each success (a `fail` for each failure),
/// so a failed or missing backup is an incident paged like any other.
///
/// Several nodes may run it: a backup is started only by the node that leases the job.
public struct ScheduledBackups: Service {
    let schedule: BackupSchedule
    let store: Store
    let heartbeats: HeartbeatService
    let node: String
    let zone: TimeZone
    let interval: Duration
    let logger: Logger
    let now: @Sendable () -> Date

    public static let job = "scheduled-backup"

    public init(
        schedule: BackupSchedule, store: Store, heartbeats: HeartbeatService, node: String, zone: TimeZone, interval: Duration = .seconds(60),
        logger: Logger, now: @escaping @Sendable () -> Date
    ) {
        self.schedule = schedule
        self.store = store
        self.heartbeats = heartbeats
        self.node = node
        self.zone = zone
        self.interval = interval
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        await PeriodicPass.run(every: interval, after: { [store] in await store.waitForSchema() }) { await self.pass() }
    }

    /// What one look did.
    public enum Outcome: Sendable, Equatable {
        case notDue
        /// Another node holds the job, or this one failed less than a lease ago.
        case leasedElsewhere
        case backedUp(path: String, deleted: [String])
        case failed(String)
    }

    /// Looks once: backs up if due and the job could be leased.
    @discardableResult
    public func pass() async -> Outcome {
        do {
            let monitor = try await store.ensureHeartbeat(
                NewHeartbeat(
                    name: BackupSchedule.monitorName, period: schedule.every, grace: schedule.grace, teamID: schedule.teamID,
                    labels: ["source": "herald", "job": "backup"], severity: .high))
            let record = try await store.jobRecord(Self.job)
            guard schedule.isDue(lastSuccess: record?.lastSuccessAt, now: now()) else { return .notDue }
            // After a failure the lease is the wait before the next try, on any node.
            guard try await store.leaseJob(Self.job, node: node, until: now().addingTimeInterval(schedule.lease)) else { return .leasedElsewhere }
            do {
                let (path, deleted) = try await backUp()
                try await store.recordJob(Self.job, succeededWith: path)
                _ = try await heartbeats.beat(monitorID: monitor.id, .beat)
                logger.notice("scheduled backup made", metadata: ["backup": "\(path)", "deleted": "\(deleted.joined(separator: ","))"])
                return .backedUp(path: path, deleted: deleted)
            } catch {
                let reason = Self.reason(error)
                logger.error("scheduled backup failed; the herald-backups heartbeat reports it", metadata: ["error": "\(reason)"])
                try await store.recordJob(Self.job, failedWith: reason)
                _ = try await heartbeats.beat(monitorID: monitor.id, .fail)
                return .failed(reason)
            }
        } catch where error is CancellationError || Task.isCancelled {
            return .notDue
        } catch {
            logger.error("the backup schedule could not be checked; retrying", metadata: ["error": "\(error)"])
            return .failed(String(describing: error))
        }
    }

    /// Why a backup failed, in the words an operator reads in `/healthz` and the log: a file-system
    /// error names its path and the system's reason, not Foundation's error domain.
    static func reason(_ error: any Error) -> String {
        guard let cocoa = error as? CocoaError, let path = cocoa.filePath, let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? any Error
        else { return String(describing: error) }
        let code = (underlying as? POSIXError)?.code.rawValue ?? Int32((underlying as NSError).code)
        return "cannot write \(path): \(String(cString: strerror(code)))"
    }

    /// The backup, its drill, and the retention: what counts as one success.
    private func backUp() async throws -> (String, [String]) {
        let key = try schedule.keyFile.map(BackupKey.init(file:))
        let parent = URL(fileURLWithPath: schedule.directory)
        let backup = try await BackupMaker.make(store, under: parent, key: key, now: now(), zone: zone, logger: logger)
        if schedule.verify {
            let scratch: BackupDrill.Scratch = if case .postgres(let url) = store.location { .beside(url: url) } else { .none }
            let mismatches = try await BackupDrill.run(backup, key: key, scratch: scratch, logger: logger)
            guard mismatches.isEmpty else {
                throw BackupFailure("the backup at \(backup.url.path) did not restore as its manifest says: "
                    + mismatches.map(\.description).joined(separator: "; "))
            }
        }
        let entries = try FileManager.default.contentsOfDirectory(atPath: parent.path).compactMap { name in
            BackupMaker.date(ofDirectoryNamed: name).map { BackupRetention.Entry(name: name, createdAt: $0) }
        }
        let expired = BackupRetention.expired(entries, keep: schedule.keep, maxAge: schedule.maxAge, now: now())
        for name in expired { try FileManager.default.removeItem(at: parent.appendingPathComponent(name)) }
        return (backup.url.path, expired.sorted())
    }
}
