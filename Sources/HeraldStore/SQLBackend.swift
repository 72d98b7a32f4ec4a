import Logging
import SQLKit

/// A pool of connections to one database engine. The store is written once against this seam.
protocol SQLBackend: Sendable {
    var dialect: StoreDialect { get }
    /// Runs `body` on one connection, so consecutive statements share a session (and a transaction).
    func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result
    /// Like `withConnection`, for a transaction that writes; engines with a single writer queue these.
    func withWriteConnection<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result
    /// Runs `body` in one write transaction: all of its writes are kept, or none.
    func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result
    /// Keeps the pool working until graceful shutdown or cancellation, then closes it.
    func run() async throws
    /// Called after migrations changed the schema.
    func schemaChanged()
}

extension SQLBackend {
    func schemaChanged() {}

    func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await withWriteConnection { database in
            try await database.raw("BEGIN").run()
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
}
