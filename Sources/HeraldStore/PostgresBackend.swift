import Foundation
import Logging
import PostgresKit
import SQLKit
import ServiceLifecycle

/// PostgreSQL for production and for several Herald nodes sharing one database.
final class PostgresBackend: SQLBackend {
    let dialect = StoreDialect.postgres
    private let client: PostgresClient
    private let logger: Logger
    private let started = StartGate()

    init(url: String, logger: Logger) throws {
        guard let parsed = try? SQLPostgresConfiguration(url: url) else {
            throw StoreError.invalidDatabase("cannot read the PostgreSQL URL \(DatabaseLocation.postgres(url: url))")
        }
        let core = parsed.coreConfiguration
        let tls: PostgresClient.Configuration.TLS =
            switch (core.tls.isEnforced, core.tls.isAllowed, core.tls.sslContext) {
            case (true, _, let context?): .require(context.configuration)
            case (_, true, let context?): .prefer(context.configuration)
            default: .disable
            }
        var configuration: PostgresClient.Configuration
        if let host = core.host {
            configuration = .init(
                host: host, port: core.port ?? 5432, username: core.username, password: core.password,
                database: core.database, tls: tls)
        } else if let socket = core.unixSocketPath {
            configuration = .init(
                unixSocketPath: socket, username: core.username, password: core.password, database: core.database)
        } else {
            throw StoreError.invalidDatabase("the PostgreSQL URL names neither a host nor a socket")
        }
        let pool = try PoolOptions(url: url)
        configuration.options.maximumConnections = pool.maximumConnections
        configuration.options.connectTimeout = pool.connectTimeout
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        await started.wait()
        do {
            return try await client.withConnection { connection in
                try await body(PostgresRowsDatabase(connection: connection, logger: self.logger))
            }
        } catch let error as PSQLError {
            throw PostgresFailure(error)
        }
    }

    func withWriteConnection<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await withConnection(body)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            // run() marks the client as running in its first instructions, before any waiting lease can resume.
            self.started.open()
            await self.client.run()
        }
    }
}

/// How many connections a node keeps to PostgreSQL and how long it waits for a new one, from the
/// URL's query: libpq's `connect_timeout` (seconds) and pgx's `pool_max_conns`.
struct PoolOptions: Equatable {
    var maximumConnections = 20
    var connectTimeout: Duration = .seconds(10)

    init(url: String) throws {
        let items = URLComponents(string: url)?.queryItems ?? []
        func number(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
            guard let text = items.last(where: { $0.name == name })?.value else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw StoreError.invalidDatabase(
                    "\(name) in the PostgreSQL URL must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
            }
            return value
        }
        if let connections = try number("pool_max_conns", in: 1...1000) { maximumConnections = connections }
        if let seconds = try number("connect_timeout", in: 1...600) { connectTimeout = .seconds(seconds) }
    }
}
