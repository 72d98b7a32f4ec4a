import Foundation
import SQLKit

extension Store {
    /// Whether the database holds Herald's schema (any version), asked without creating anything:
    /// tools other than `herald serve` and `herald migrate` refuse a database that does not.
    public func holdsHeraldSchema() async throws -> Bool {
        try await read { [dialect] database in
            let query: SQLQueryString =
                dialect == .sqlite
                ? "SELECT name AS found FROM sqlite_master WHERE type = 'table' AND name = 'herald_schema_migrations'"
                : "SELECT to_regclass('herald_schema_migrations')::text AS found"
            guard let row = try await database.raw(query).first() else { return false }
            return try row.decode(column: "found", as: String?.self) != nil
        }
    }
}

extension Store {
    /// The database server's clock, for comparing with this machine's; nil on SQLite, which has none of its own.
    public func serverClock() async throws -> Date? {
        guard dialect == .postgres else { return nil }
        return try await read { database in
            let row = try await database.raw("SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint AS ms").first()
            return try row.map { Timestamp.date(try $0.integer("ms")) }
        }
    }
}
