import SQLKit
import Synchronization

/// Runs SQLite's write transactions in groups that share one COMMIT, and so one fsync.
///
/// SQLite has a single writer, and with `synchronous = FULL` every commit waits for the disk: one
/// transaction at a time, a burst of alerts was bound by fsyncs, not by work. The transactions that
/// arrive while a group is running wait for the next group; there each runs in a savepoint of its
/// own, in arrival order, so it sees the writes of those before it exactly as if run one by one. A
/// transaction that throws is rolled back to its savepoint and fails alone. None returns before
/// the COMMIT that holds it succeeded: if that COMMIT fails, every transaction of the group fails.
actor GroupCommit {
    /// The most transactions one COMMIT holds: a bound on how long the first of a group waits.
    static let largestGroup = 64

    private var busy = false
    private var waiting: [Entry] = []

    /// One transaction waiting for its group; `turn` is resumed when its group is done or when it
    /// is the first of the next group and runs it.
    private final class Entry: Sendable {
        let run: @Sendable (any SQLDatabase) async throws -> Void
        let failed: @Sendable (any Error) -> Void
        let turn = Mutex<CheckedContinuation<Turn, Never>?>(nil)

        init(run: @escaping @Sendable (any SQLDatabase) async throws -> Void, failed: @escaping @Sendable (any Error) -> Void) {
            self.run = run
            self.failed = failed
        }

        func resume(_ next: Turn) {
            turn.withLock { $0.take() }?.resume(returning: next)
        }
    }

    private enum Turn { case done, lead }

    /// Runs `body` in a write transaction on a connection from `connection`, grouped with others.
    func transaction<Result: Sendable>(
        on connection: @escaping @Sendable (@escaping @Sendable (any SQLDatabase) async throws -> Void) async throws -> Void,
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let outcome = Mutex<Swift.Result<Result, any Error>?>(nil)
        let entry = Entry(
            run: { database in
                let value = try await body(database)
                outcome.withLock { $0 = .success(value) }
            },
            failed: { error in outcome.withLock { $0 = .failure(error) } })
        let turn: Turn
        if busy {
            turn = await withCheckedContinuation { continuation in
                entry.turn.withLock { $0 = continuation }
                waiting.append(entry)
            }
        } else {
            busy = true
            turn = .lead
        }
        if turn == .lead { await lead(entry, connection) }
        guard let result = outcome.withLock({ $0 }) else { throw GroupCommitError.notRun }
        return try result.get()
    }

    /// Runs `first` and those waiting behind it as one group, wakes them, and hands the next group
    /// to the first still waiting.
    private func lead(
        _ first: Entry, _ connection: @Sendable (@escaping @Sendable (any SQLDatabase) async throws -> Void) async throws -> Void
    ) async {
        let group = [first] + waiting.prefix(Self.largestGroup - 1)
        waiting.removeFirst(group.count - 1)
        do {
            try await connection { database in
                try await database.raw("BEGIN IMMEDIATE").run()
                do {
                    for entry in group { try await Self.run(entry, on: database) }
                    try await database.raw("COMMIT").run()
                } catch {
                    try? await database.raw("ROLLBACK").run()
                    throw error
                }
            }
        } catch {
            for entry in group { entry.failed(error) }
        }
        for entry in group.dropFirst() { entry.resume(.done) }
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume(.lead)
        }
    }

    /// Runs one transaction of a group in its savepoint. Its own error is kept for it; an error in
    /// the savepoint statements means the transaction around them is gone, and ends the group.
    private static func run(_ entry: Entry, on database: any SQLDatabase) async throws {
        try await database.raw("SAVEPOINT herald_grouped").run()
        do {
            try await entry.run(database)
        } catch {
            entry.failed(error)
            try await database.raw("ROLLBACK TO herald_grouped").run()
        }
        try await database.raw("RELEASE herald_grouped").run()
    }
}

/// A grouped transaction that ended without an outcome: a defect, never expected.
enum GroupCommitError: Error {
    case notRun
}
