import Foundation
import HeraldStore
import Logging
import PostgresKit

/// The engines every store test runs against. PostgreSQL is a real server: `scripts/test` starts one
/// and sets HERALD_TEST_POSTGRES_URL; each test gets a database of its own, dropped afterwards.
public enum TestDatabase: String, CaseIterable, Sendable {
    case sqlite
    case postgres


    public static let logger: Logger = {
        var logger = Logger(label: "herald.test")
        logger.logLevel = ProcessInfo.processInfo.environment["HERALD_TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .error
        return logger
    }()

    /// Makes an empty database of this kind, runs `body` with its location, and removes it.
    public func withEmptyDatabase<Result: Sendable>(_ body: @Sendable (DatabaseLocation) async throws -> Result)
        async throws -> Result
    {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("herald-test-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            return try await body(.sqlite(path: directory.appendingPathComponent("herald.sqlite").path))
        case .postgres:
            guard let baseURL = ProcessInfo.processInfo.environment["HERALD_TEST_POSTGRES_URL"] else {
                throw TestDatabaseError.postgresNotConfigured
            }
            let name = "herald_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
            try await Self.administer(baseURL, "CREATE DATABASE \(name)")
            do {
                let result = try await body(.postgres(url: Self.url(baseURL, database: name)))
                try await Self.administer(baseURL, "DROP DATABASE \(name) WITH (FORCE)")
                return result
            } catch {
                try? await Self.administer(baseURL, "DROP DATABASE \(name) WITH (FORCE)")
                throw error
            }
        }
    }

    /// Opens a migrated store on an empty database.
    public func withStore<Result: Sendable>(
        now: @escaping @Sendable () -> Date = { Date() }, _ body: @escaping @Sendable (Store) async throws -> Result
    ) async throws -> Result {
        try await withEmptyDatabase { location in
            try await Store.withStore(location, logger: Self.logger, now: now) { store in
                try await store.migrate()
                return try await body(store)
            }
        }
    }

    /// Beside the whole suite the test process's event loops are so busy that opening a connection
    /// (several round trips before the first query) can take longer than the 10 s a node waits.
    static let connectSeconds = 60

    static func url(_ baseURL: String, database: String) -> String {
        guard var components = URLComponents(string: baseURL) else { return baseURL }
        components.path = "/" + database
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "connect_timeout", value: "\(connectSeconds)")]
        return components.string ?? baseURL
    }

    static func administer(_ baseURL: String, _ statement: String) async throws {
        guard let configuration = try? SQLPostgresConfiguration(url: baseURL) else {
            throw TestDatabaseError.postgresNotConfigured
        }
        var core = configuration.coreConfiguration
        core.options.connectTimeout = .seconds(Int64(connectSeconds))
        do {
            let connection = try await PostgresConnection.connect(configuration: core, id: 1, logger: logger)
            defer { Task { try? await connection.close() } }
            _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        } catch let error as PSQLError {
            throw PostgresFailure(error)
        }
    }
}

public enum TestDatabaseError: Error, CustomStringConvertible {
    case postgresNotConfigured

    public var description: String {
        "HERALD_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts a PostgreSQL server"
    }
}

