import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import Logging
import ServiceLifecycle

/// Signs a checkpoint of the audit log's head every hour and once more on shutdown, so what was
/// logged up to then cannot later be deleted or rewritten without the key.
public struct AuditCheckpointer: Service {
    let store: Store
    let key: AuditSigningKey
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    public init(store: Store, key: AuditSigningKey, interval: Duration = .seconds(3600), now: @escaping @Sendable () -> Date, logger: Logger) {
        self.store = store
        self.key = key
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        await PeriodicPass.run(every: interval, waitFirst: true, after: { await store.waitForSchema() }) { await sign() }
        // Graceful shutdown ended the loop; the last checkpoint covers everything up to the stop.
        await sign()
    }

    /// Signs the head as it is now.
    public func sign() async {
        do {
            let head = try await store.auditHead()
            try await store.addAuditCheckpoint(try key.checkpoint(sequence: head.sequence, hash: head.hash, at: now()))
        } catch {
            logger.error("could not sign an audit checkpoint", metadata: ["error": "\(error)"])
        }
    }
}
