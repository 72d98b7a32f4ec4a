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
