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
        configuration.options.maximumConnections = 20
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        await started.wait()
        return try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: .trace, logger: self.logger))
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
