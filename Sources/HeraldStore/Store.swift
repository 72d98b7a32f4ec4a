import Foundation
import HeraldCore
import Logging
import SQLKit
import ServiceLifecycle
import Synchronization

/// Herald's persistent state on SQLite or PostgreSQL. Every write that must not be half-done runs in one transaction.
public final class Store: Service {
    let backend: any SQLBackend
    public let location: DatabaseLocation
    let logger: Logger
    /// The clock for `created_at`/`updated_at`; tests pass a fixed one.
    public let now: @Sendable () -> Date
    /// The alert routing rules as last read, and when.
    let routeCache = Mutex<(routes: [AlertRoute], readAt: Date)?>(nil)
    /// Whether the schema has the chained audit log (migration 28), once seen; until then (a test
    /// writing on an older schema, a store not yet migrated) changes append no entry.
    let auditReady = Mutex(false)

    public var dialect: StoreDialect { backend.dialect }
    /// This process among the nodes sharing the database, as its delivery attempts name it: host and process id.
    public let node: String

    public init(location: DatabaseLocation, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) throws {
        switch location {
        case .sqlite(let path): self.backend = try SQLiteBackend(path: path, logger: logger)
        case .postgres(let url): self.backend = try PostgresBackend(url: url, logger: logger)
        }
        self.location = location
        self.logger = logger
        self.now = now
        self.node = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Keeps the connection pool running until graceful shutdown; add the store to the service group first.
    public func run() async throws {
        try await backend.run()
    }

    /// Opens a store, runs `body` with it, and closes it: for commands and tests outside a service group.
    public static func withStore<Result: Sendable>(
        _ location: DatabaseLocation, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        _ body: @escaping @Sendable (Store) async throws -> Result
    ) async throws -> Result {
        let store = try Store(location: location, logger: logger, now: now)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }

    /// Answers when the database accepts a query: what `/healthz` reports.
    public func ping() async throws {
        try await backend.withConnection { database in
            _ = try await database.raw("SELECT 1 AS alive").first()
        }
    }

    /// Runs `body` in one transaction: all of its writes are kept, or none. On SQLite the
    /// transaction may share its COMMIT with others that arrived meanwhile (`GroupCommit`).
    func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let auditing = try await auditSchemaReady()
        // A grouped SQLite transaction runs in the task of the first of its group, where the others'
        // task-locals do not follow: the actor of the change is carried over by hand.
        let actor = AuditActor.current
        return try await backend.transaction { database in
            try await AuditActor.$current.withValue(actor) {
                try await Self.$auditing.withValue(auditing) { try await body(database) }
            }
        }
    }

    /// Whether this transaction's changes append audit entries (see `auditReady`).
    @TaskLocal static var auditing = false

    private func auditSchemaReady() async throws -> Bool {
        if auditReady.withLock({ $0 }) { return true }
        let ready = (try? await read { database in
            try await database.raw("SELECT MAX(version) AS v FROM herald_schema_migrations").first()?.decode(column: "v", as: Int?.self)
        }).flatMap { $0 }.map { $0 >= Self.chainedAuditVersion } ?? false
        if ready { auditReady.withLock { $0 = true } }
        return ready
    }

    /// The migration that made the audit log a chain.
    static let chainedAuditVersion = 28

    /// Runs read-only `body` on one pooled connection.
    func read<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await backend.withConnection(body)
    }

    /// The clock reading stored in `*_at` columns: whole milliseconds since 1970, UTC.
    func timestamp() -> Int64 { Timestamp.milliseconds(now()) }
}

/// Times are stored as milliseconds since 1970 UTC in both engines, so comparisons and ordering agree.
enum Timestamp {
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
