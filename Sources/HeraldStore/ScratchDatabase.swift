import Foundation
import Logging
import PostgresKit

/// A PostgreSQL database made for a restore drill beside another on the same server, and dropped after.
public enum ScratchDatabase {
    /// Creates an empty database on the server `url` names and returns its URL.
    public static func create(near url: String, logger: Logger) async throws -> String {
        let name = "herald_verify_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        try await administer(url, "CREATE DATABASE \(name)", logger: logger)
        guard var components = URLComponents(string: url) else { throw StoreError.invalidDatabase("cannot read the PostgreSQL URL") }
        components.path = "/" + name
        return components.string ?? url
    }

    /// Drops a database `create` made, from a session on the database it was made beside.
    public static func drop(_ scratch: String, near url: String, logger: Logger) async throws {
        guard let name = URLComponents(string: scratch)?.path.dropFirst(), name.hasPrefix("herald_verify_") else { return }
        try await administer(url, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)", logger: logger)
    }

    private static func administer(_ url: String, _ statement: String, logger: Logger) async throws {
        guard let configuration = try? SQLPostgresConfiguration(url: url) else {
            throw StoreError.invalidDatabase("cannot read the PostgreSQL URL \(DatabaseLocation.postgres(url: url))")
        }
        let connection = try await PostgresConnection.connect(configuration: configuration.coreConfiguration, id: 1, logger: logger)
        do {
            _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
