import Foundation
import SQLKit

/// What one consistent read of a PostgreSQL database held: each table's rows as JSON lines.
public struct PostgresSnapshot: Sendable {
    public var schemaVersion: Int
    /// Every table's rows, one JSON object per line, in a stable order.
    public var tables: [String: [String]]
    public var sequences: [String: Int64]

    public init(schemaVersion: Int, tables: [String: [String]], sequences: [String: Int64]) {
        self.schemaVersion = schemaVersion
        self.tables = tables
        self.sequences = sequences
    }
}

extension Store {
    /// The tables of the database with the rows each holds; Herald's schema is all the database holds.
    public func rowCounts() async throws -> [String: Int] {
        try await read { [dialect] database in
            var counts: [String: Int] = [:]
            for table in try await Self.tableNames(database, dialect) {
                let row = try await database.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()
                counts[table] = try row?.decode(column: "n", as: Int.self) ?? 0
            }
            return counts
        }
    }

    static func tableNames(_ database: any SQLDatabase, _ dialect: StoreDialect) async throws -> [String] {
        let query: SQLQueryString =
            dialect == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            : """
            SELECT table_name AS name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name
            """
        return try await database.raw(query).all().map { try $0.decode(column: "name", as: String.self) }
    }

    /// SQLite's own check of the file and of every foreign key, as problems in its words; none is good.
    /// PostgreSQL enforces both on every write, so there is nothing to look for there.
    public func integrityProblems() async throws -> [String] {
        guard dialect == .sqlite else { return [] }
        return try await read { database in
            let pages = try await database.raw("PRAGMA integrity_check").all()
                .map { try $0.decode(column: "integrity_check", as: String.self) }
                .filter { $0 != "ok" }
            let keys = try await database.raw("PRAGMA foreign_key_check").all().map { row in
                let table = try row.decode(column: "table", as: String.self)
                let parent = try row.decode(column: "parent", as: String.self)
                let id = try row.decode(column: "rowid", as: Int?.self).map { " \($0)" } ?? ""
                return "row\(id) of \(table) refers to a missing row of \(parent)"
            }
            return pages + keys
        }
    }

    /// Writes a consistent copy of a SQLite database to `path` with `VACUUM INTO`: one read
    /// transaction, so in WAL mode the writer and other readers go on while it copies.
    public func copySQLite(into path: String) async throws {
        precondition(dialect == .sqlite, "copySQLite is for SQLite stores")
        try await read { database in
            try await database.raw("VACUUM INTO \(bind: path)").run()
        }
    }

    /// Reads every table of a PostgreSQL database in one `REPEATABLE READ` read-only transaction, so
    /// the rows agree with each other as of one moment while writers go on. `holding` runs once the
    /// snapshot is taken and before the tables are read (the tests hold it open there).
    public func exportSnapshot(holding: @escaping @Sendable () async throws -> Void = {}) async throws -> PostgresSnapshot {
        precondition(dialect == .postgres, "exportSnapshot is for PostgreSQL stores")
        return try await read { [dialect] database in
            try await database.raw("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").run()
            do {
                // The first query fixes the snapshot every later one reads.
                let version = try await database.raw("SELECT MAX(version) AS v FROM herald_schema_migrations").first()?
                    .decode(column: "v", as: Int?.self) ?? 0
                try await holding()
                var tables: [String: [String]] = [:]
                for table in try await Self.tableNames(database, dialect) {
                    // Ordered by the row's own text, so the same rows always give the same file.
                    tables[table] = try await database.raw(
                        "SELECT row_to_json(t)::text AS line FROM \(ident: table) AS t ORDER BY row_to_json(t)::text COLLATE \"C\""
                    ).all().map { try $0.decode(column: "line", as: String.self) }
                }
                var sequences: [String: Int64] = [:]
                for row in try await database.raw(
                    "SELECT sequencename AS name, last_value FROM pg_sequences WHERE schemaname = current_schema()"
                ).all() {
                    if let value = try row.decode(column: "last_value", as: Int64?.self) {
                        sequences[try row.decode(column: "name", as: String.self)] = value
                    }
                }
                try await database.raw("COMMIT").run()
                return PostgresSnapshot(schemaVersion: version, tables: tables, sequences: sequences)
            } catch {
                try? await database.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}
