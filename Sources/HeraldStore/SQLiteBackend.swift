import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import ServiceLifecycle

/// The embedded database: one SQLite file in WAL mode, so readers never wait for the writer.
/// Unchecked because AsyncKit's pool predates Sendable; it guards its own state with locks.
final class SQLiteBackend: SQLBackend, @unchecked Sendable {
    let dialect = StoreDialect.sqlite
    private let pool: EventLoopGroupConnectionPool<PreparedSQLiteSource>
    private let logger: Logger
    private let threadPool: NIOThreadPool
    private let writers = WriterQueue()

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
            promise.completeWithTask { try await body(connection.sql(queryLogLevel: .trace)) }
            return promise.futureResult
        }.get()
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
