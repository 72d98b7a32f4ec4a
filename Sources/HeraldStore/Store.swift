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

    public var dialect: StoreDialect { backend.dialect }

    public init(location: DatabaseLocation, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) throws {
        switch location {
        case .sqlite(let path): self.backend = try SQLiteBackend(path: path, logger: logger)
        case .postgres(let url): self.backend = try PostgresBackend(url: url, logger: logger)
        }
        self.location = location
        self.logger = logger
        self.now = now
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

    /// Runs `body` in one transaction: all of its writes are kept, or none.
    func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let dialect = backend.dialect
        return try await backend.withWriteConnection { database in
            // IMMEDIATE takes SQLite's write lock up front, so a read-then-write transaction
            // waits for another writer instead of failing half-way with SQLITE_BUSY.
            try await database.raw(dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
            do {
                let result = try await body(database)
                try await database.raw("COMMIT").run()
                return result
            } catch {
                try? await database.raw("ROLLBACK").run()
                throw error
            }
        }
    }

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
