import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import ServiceLifecycle
import Synchronization

/// The embedded database: one SQLite file in WAL mode, so readers never wait for the writer.
/// Unchecked because AsyncKit's pool predates Sendable; it guards its own state with locks.
final class SQLiteBackend: SQLBackend, @unchecked Sendable {
    let dialect = StoreDialect.sqlite
    private let pool: EventLoopGroupConnectionPool<PreparedSQLiteSource>
    private let logger: Logger
    private let threadPool: NIOThreadPool
    private let writers = WriterQueue()
    /// Bumped when migrations change the schema; each pooled connection catches up once (see `withConnection`).
    private let schemaGeneration = Atomic<Int>(0)
    private let connectionGenerations = Mutex<[ObjectIdentifier: Int]>([:])

    init(path: String, logger: Logger) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // A pool of its own, larger than the shared one (one thread per core): SQLite calls block.
        threadPool = NIOThreadPool(numberOfThreads: 8)
        threadPool.start()
        let source = PreparedSQLiteSource(
            base: SQLiteConnectionSource(
                configuration: .init(storage: .file(path: path), enableForeignKeys: true), threadPool: threadPool)
        )
        self.pool = EventLoopGroupConnectionPool(
            source: source,
            maxConnectionsPerEventLoop: 4,
            requestTimeout: .seconds(30),
            logger: logger,
            on: MultiThreadedEventLoopGroup.singleton
        )
        self.logger = logger
    }

    func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await pool.withConnection(logger: logger) { connection in
            let promise = connection.eventLoop.makePromise(of: Result.self)
            promise.completeWithTask {
                let database = connection.sql(queryLogLevel: .trace)
                try await self.catchUpWithSchema(connection, database)
                return try await body(database)
            }
            return promise.futureResult
        }.get()
    }

    func schemaChanged() {
        schemaGeneration.add(1, ordering: .sequentiallyConsistent)
    }

    /// A pooled connection keeps the schema it last read. A statement prepared on it after another
    /// connection migrated expands `table.*` to the old columns, and SQLite's silent re-prepare on
    /// the first step does not change the column names already read. One statement that reads the
    /// main database makes SQLite notice the new schema cookie and reload.
    private func catchUpWithSchema(_ connection: SQLiteConnection, _ database: any SQLDatabase) async throws {
        let current = schemaGeneration.load(ordering: .sequentiallyConsistent)
        let key = ObjectIdentifier(connection)
        guard connectionGenerations.withLock({ $0[key] }) != current else { return }
        try await database.raw("SELECT 1 FROM sqlite_master LIMIT 1").run()
        connectionGenerations.withLock { $0[key] = current }
    }

    func withWriteConnection<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await writers.run { try await self.withConnection(body) }
    }

    func run() async throws {
        try? await gracefulShutdown()
        try await pool.shutdownAsync()
        try await threadPool.shutdownGracefully()
    }
}

/// Opens SQLite connections with the settings Herald relies on.
private struct PreparedSQLiteSource: ConnectionPoolSource {
    let base: SQLiteConnectionSource

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        base.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            // busy_timeout makes a writer in another process (a `herald` command) wait instead of failing;
            // WAL lets status-page reads run beside writes; synchronous=FULL keeps every commit across a power cut.
            connection.query("PRAGMA busy_timeout = 10000")
                .flatMap { _ in connection.query("PRAGMA journal_mode = WAL") }
                .flatMap { _ in connection.query("PRAGMA synchronous = FULL") }
                .map { _ in connection }
        }
    }
}
