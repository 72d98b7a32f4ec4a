import Foundation
import SQLKit

extension Store {
    /// Replaces everything in a PostgreSQL database with a snapshot, in one transaction: Herald's
    /// tables are dropped, the schema is made again up to the snapshot's version, and the rows are
    /// loaded parents first, with ids, positions and sequences as they were. Nothing is left half
    /// restored: a failure rolls all of it back. Call `migrate()` afterwards to reach this build's schema.
    public func loadSnapshot(_ snapshot: PostgresSnapshot) async throws {
        precondition(dialect == .postgres, "loadSnapshot is for PostgreSQL stores")
        guard snapshot.schemaVersion <= Migrations.latestVersion else {
            throw StoreError.schemaTooNew(database: snapshot.schemaVersion, known: Migrations.latestVersion)
        }
        try await transaction { [dialect] database in
            try await database.raw("SELECT pg_advisory_xact_lock(\(bind: Self.migrationLockKey))").run()
            try await Self.dropHeraldObjects(database, dialect)
            try await database.raw(SQLQueryString(Self.createMigrationsTable)).run()
            for migration in Migrations.all where migration.version <= snapshot.schemaVersion {
                for statement in migration.statements(dialect) { try await database.raw(SQLQueryString(statement)).run() }
            }
            let tables = try await Self.tableNames(database, dialect)
            let unknown = Set(snapshot.tables.keys).subtracting(tables)
            guard unknown.isEmpty else {
                throw StoreError.invalidDatabase(
                    "the backup has tables that schema version \(snapshot.schemaVersion) does not: \(unknown.sorted().joined(separator: ", "))")
            }
            // Migrations leave rows of their own (the link secret, their own record): the backup's replace them.
            try await database.raw("TRUNCATE \(idents: tables, joinedBy: ", ") RESTART IDENTITY").run()
            // Triggers would renumber what is loaded (an incident event's position is given at commit).
            for table in tables { try await database.raw("ALTER TABLE \(ident: table) DISABLE TRIGGER USER").run() }
            for table in try await Self.parentsFirst(database, tables) {
                for batch in (snapshot.tables[table] ?? []).chunks(of: 500) {
                    let rows = "[" + batch.joined(separator: ",") + "]"
                    try await database.raw(
                        "INSERT INTO \(ident: table) OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::\(ident: table), \(bind: rows)::json)"
                    ).run()
                }
            }
            for table in tables { try await database.raw("ALTER TABLE \(ident: table) ENABLE TRIGGER USER").run() }
            try await Self.advanceSequences(database, snapshot.sequences)
        }
        backend.schemaChanged()
    }

    /// Drops Herald's schema from a PostgreSQL database: what a drill's scratch database is left as.
    public func dropSchema() async throws {
        precondition(dialect == .postgres, "dropSchema is for PostgreSQL stores")
        try await transaction { [dialect] database in try await Self.dropHeraldObjects(database, dialect) }
        backend.schemaChanged()
    }

    /// Every table, sequence and function Herald's migrations make, so the schema can be made afresh.
    static func dropHeraldObjects(_ database: any SQLDatabase, _ dialect: StoreDialect) async throws {
        let tables = try await tableNames(database, dialect)
        if !tables.isEmpty { try await database.raw("DROP TABLE IF EXISTS \(idents: tables, joinedBy: ", ") CASCADE").run() }
        let sequences = try await database.raw("SELECT sequencename AS name FROM pg_sequences WHERE schemaname = current_schema()")
            .all().map { try $0.decode(column: "name", as: String.self) }
        if !sequences.isEmpty { try await database.raw("DROP SEQUENCE IF EXISTS \(idents: sequences, joinedBy: ", ") CASCADE").run() }
        let functions = try await database.raw(
            """
            SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = current_schema() AND p.proname LIKE 'herald\\_%'
            """
        ).all().map { try $0.decode(column: "name", as: String.self) }
        for function in functions { try await database.raw("DROP FUNCTION IF EXISTS \(ident: function) CASCADE").run() }
    }

    /// Tables in an order where every table comes after the tables its foreign keys refer to.
    static func parentsFirst(_ database: any SQLDatabase, _ tables: [String]) async throws -> [String] {
        let edges = try await database.raw(
            """
            SELECT child.relname AS child, parent.relname AS parent FROM pg_constraint c
            JOIN pg_class child ON child.oid = c.conrelid JOIN pg_class parent ON parent.oid = c.confrelid
            JOIN pg_namespace n ON n.oid = child.relnamespace
            WHERE c.contype = 'f' AND n.nspname = current_schema()
            """
        ).all().map { (try $0.decode(column: "child", as: String.self), try $0.decode(column: "parent", as: String.self)) }
        var parents: [String: Set<String>] = [:]
        for (child, parent) in edges where child != parent { parents[child, default: []].insert(parent) }
        var ordered: [String] = []
        var placed = Set<String>()
        while ordered.count < tables.count {
            let ready = tables.filter { !placed.contains($0) && (parents[$0] ?? []).isSubset(of: placed) }
            guard !ready.isEmpty else { throw StoreError.invalidDatabase("the tables' foreign keys form a cycle") }
            ordered += ready
            placed.formUnion(ready)
        }
        return ordered
    }

    /// Sequences where the snapshot had them, and every identity past the highest id loaded.
    static func advanceSequences(_ database: any SQLDatabase, _ positions: [String: Int64]) async throws {
        let existing = Set(
            try await database.raw("SELECT sequencename AS name FROM pg_sequences WHERE schemaname = current_schema()")
                .all().map { try $0.decode(column: "name", as: String.self) })
        for (sequence, value) in positions.sorted(by: { $0.key < $1.key }) where existing.contains(sequence) {
            try await database.raw("SELECT setval(\(bind: sequence)::regclass, \(bind: value), true)").run()
        }
        let identities = try await database.raw(
            """
            SELECT table_name AS t, column_name AS c FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES'
            """
        ).all().map { (try $0.decode(column: "t", as: String.self), try $0.decode(column: "c", as: String.self)) }
        for (table, column) in identities {
            try await database.raw(
                """
                SELECT setval(pg_get_serial_sequence(\(bind: table), \(bind: column)), m, true)
                FROM (SELECT MAX(\(ident: column)) AS m FROM \(ident: table)) AS highest
                WHERE m IS NOT NULL AND m > COALESCE(pg_sequence_last_value(pg_get_serial_sequence(\(bind: table), \(bind: column))::regclass), 0)
                """
            ).run()
        }
    }
}

extension Array {
    fileprivate func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
