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
    private let groups = GroupCommit()
    /// Bumped when migrations change the schema; each pooled connection catches up once (see `withConnection`).
    private let schemaGeneration = Atomic<Int>(0)
    private let connectionGenerations = Mutex<[ObjectIdentifier: Int]>([:])
    /// Every connection the pool was given, so that none is left open when the store stops.
    private let opened = OpenedConnections()

    init(path: String, logger: Logger) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // A pool of its own, larger than the shared one (one thread per core): SQLite calls block.
        threadPool = NIOThreadPool(numberOfThreads: 8)
        threadPool.start()
        let source = PreparedSQLiteSource(path: path, threadPool: threadPool, opened: opened)
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
                let database = connection.base.sql(queryLogLevel: .trace)
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
    private func catchUpWithSchema(_ connection: PooledSQLiteConnection, _ database: any SQLDatabase) async throws {
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

    /// BEGIN IMMEDIATE takes the write lock up front, so that a read-then-write transaction waits
    /// for a `herald` command's writer instead of failing half-way with SQLITE_BUSY.
    func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await groups.transaction(on: { work in try await self.withWriteConnection { try await work($0) } }, body)
    }

    func run() async throws {
        try? await gracefulShutdown()
        try await pool.shutdownAsync()
        // The pool does not wait for connections still being opened, and one that arrives after it
        // stopped is closed without anyone waiting: close what is left, with the thread pool still up.
        await opened.settle()
        try await threadPool.shutdownGracefully()
    }
}

/// Opens SQLite connections with the settings Herald relies on, and closes any whose setup fails:
/// SQLiteNIO asserts (debug) or leaks the file handle (release) when an open connection is dropped.
private struct PreparedSQLiteSource: ConnectionPoolSource {
    let path: String
    let threadPool: NIOThreadPool
    let opened: OpenedConnections
    private let journal = JournalModeSetup()

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<PooledSQLiteConnection> {
        opened.opening()
        let connection = journal.ensureWAL(on: eventLoop) { self.open(logger: logger, on: eventLoop, pragmas: ["PRAGMA journal_mode = WAL"]) }
            .flatMap { self.open(logger: logger, on: eventLoop, pragmas: Self.connectionPragmas) }
            .map(PooledSQLiteConnection.init)
        connection.whenComplete { self.opened.done(try? $0.get()) }
        return connection
    }

    /// Foreign keys are per connection; synchronous=FULL keeps every commit across a power cut.
    static let connectionPragmas = ["PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL"]

    /// Opens a connection and runs `pragmas` on it; a connection whose pragmas fail is closed, not dropped.
    /// busy_timeout comes first, so that a statement waits up to 10 s for another writer (a `herald`
    /// command, say) instead of spinning in SQLiteNIO's own busy handler, which retries forever.
    private func open(logger: Logger, on eventLoop: any EventLoop, pragmas: [String]) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop).flatMap { connection in
            let ready = (["PRAGMA busy_timeout = 10000"] + pragmas).reduce(eventLoop.makeSucceededVoidFuture()) { previous, pragma in
                previous.flatMap { connection.query(pragma).map { _ in } }
            }
            return ready.map { connection }.flatMapError { error in
                connection.close().flatMapResult { _ in Result<SQLiteConnection, any Error>.failure(error) }
                    .flatMapErrorThrowing { _ in throw error }
            }
        }
    }
}

/// Switches the file to WAL once per process, on a connection of its own, before the pool opens any.
///
/// The journal mode is a property of the file. Switching it takes an exclusive lock, and two connections
/// switching at once while one of them holds a read lock get SQLITE_BUSY without waiting (SQLite refuses
/// to wait where waiting could deadlock): on a fresh start that failed a pool connection about one start in ten.
private final class JournalModeSetup: Sendable {
    private let done = Mutex<EventLoopFuture<Void>?>(nil)

    func ensureWAL(on eventLoop: any EventLoop, _ open: @escaping @Sendable () -> EventLoopFuture<SQLiteConnection>) -> EventLoopFuture<Void> {
        let (promise, existing) = done.withLock { current -> (EventLoopPromise<Void>?, EventLoopFuture<Void>?) in
            if let current { return (nil, current) }
            let promise = eventLoop.makePromise(of: Void.self)
            current = promise.futureResult
            return (promise, nil)
        }
        if let existing { return existing.hop(to: eventLoop) }
        open().flatMap { $0.close() }.whenComplete { result in
            if case .failure = result { self.done.withLock { $0 = nil } }  // the next connection tries again
            promise!.completeWith(result)
        }
        return promise!.futureResult
    }
}

/// The connections a store opened and the openings still under way: the store waits for those and
/// closes any connection left open before it stops its thread pool, which closing needs.
private final class OpenedConnections: Sendable {
    private struct State {
        var opening = 0
        var connections: [ObjectIdentifier: PooledSQLiteConnection] = [:]
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    func opening() { state.withLock { $0.opening += 1 } }

    func done(_ connection: PooledSQLiteConnection?) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.opening -= 1
            // Closed ones are forgotten as new ones come, so the list stays as small as the pool.
            state.connections = state.connections.filter { !$0.value.base.isClosed }
            if let connection { state.connections[ObjectIdentifier(connection)] = connection }
            guard state.opening == 0 else { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    /// Waits for the openings under way, then closes every connection still open.
    func settle() async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if state.opening == 0 { return true }
                state.waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
        let open = state.withLock { state in state.connections.values.filter { !$0.base.isClosed } }
        // The future's close, not the async one: the store stops in a cancelled task, and the async
        // close refuses to start there, leaving the connection open. A close the pool began is the
        // same future, waited for here, so the thread pool outlives it.
        for connection in open { try? await connection.close().get() }
        state.withLock { $0.connections = [:] }
    }
}

/// A pooled connection that is closed once, however many ask. The pool closes a connection that
/// arrives after it stopped without waiting, and the store closes what is left when it stops;
/// SQLiteNIO's close has no guard, and two at once on two threads freed the handle twice (the test
/// runner aborted with "corrupted double-linked list", one thread still inside sqlite3_close).
final class PooledSQLiteConnection: ConnectionPoolItem, Sendable {
    let base: SQLiteConnection
    private let closing = Mutex<EventLoopFuture<Void>?>(nil)

    init(_ base: SQLiteConnection) {
        self.base = base
    }

    var eventLoop: any EventLoop { base.eventLoop }

    var isClosed: Bool { closing.withLock { $0 != nil } || base.isClosed }

    func close() -> EventLoopFuture<Void> {
        closing.withLock { current in
            if let current { return current }
            let closed = base.close()
            current = closed
            return closed
        }
    }
}

extension SQLiteBackend {
    /// Whether SQLite refused because another connection held the write lock past the busy timeout.
    static func isBusy(_ error: any Error) -> Bool {
        switch (error as? SQLiteError)?.reason {
        case .busy?, .busyTimeout?: true
        default: false
        }
    }
}
