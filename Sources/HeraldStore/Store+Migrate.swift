import SQLKit

extension Store {
    /// The key of the PostgreSQL advisory lock that keeps two nodes from migrating at once.
    static let migrationLockKey: Int64 = 0x4845_5241_4C44_0001

    /// Brings the schema up to date; safe to run twice and from several nodes at once.
    /// Returns the versions it applied (none when the schema was current). `through` stops at an
    /// older version, to test a migration against data written by the schema before it.
    @discardableResult
    public func migrate(through last: Int = .max) async throws -> [Int] {
        var applied: [Int] = []
        for migration in Migrations.all where migration.version <= last {
            let didApply = try await waitingForAnotherMigrator {
                try await self.transaction { [dialect] database in
                    try await Self.lockForMigration(database, dialect: dialect)
                    let current = try await Self.schemaVersions(database)
                    if let newest = current.max(), newest > Migrations.latestVersion {
                        throw StoreError.schemaTooNew(database: newest, known: Migrations.latestVersion)
                    }
                    guard !current.contains(migration.version) else { return false }
                    for statement in migration.statements(dialect) {
                        try await database.raw(SQLQueryString(statement)).run()
                    }
                    try await migration.then?(database, dialect)
                    try await database.insert(into: "herald_schema_migrations")
                        .columns("version", "name", "applied_at")
                        .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(self.timestamp()))
                        .run()
                    return true
                }
            }
            if didApply {
                backend.schemaChanged()
                applied.append(migration.version)
                logger.info("applied schema migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            }
        }
        return applied
    }

    /// The newest schema version this build of Herald knows.
    public static var latestSchemaVersion: Int { Migrations.latestVersion }

    /// The schema version the database is at; 0 before the first migration.
    public func schemaVersion() async throws -> Int {
        try await read { database in
            try await database.raw(SQLQueryString(Self.createMigrationsTable)).run()
            return try await Self.schemaVersions(database).max() ?? 0
        }
    }

    static let createMigrationsTable = """
        CREATE TABLE IF NOT EXISTS herald_schema_migrations (
            version BIGINT PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at BIGINT NOT NULL
        )
        """

    /// Runs one migration's transaction, trying again while another node holds SQLite's write lock.
    /// That node applies its migrations back to back and may win the lock each time for longer than
    /// the busy timeout (seen beside a loaded suite); it is making progress, so waiting is right.
    private func waitingForAnotherMigrator<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        let patience = ContinuousClock.now + .seconds(300)
        while true {
            do {
                return try await body()
            } catch where dialect == .sqlite && SQLiteBackend.isBusy(error) && ContinuousClock.now < patience {
                try await Task.sleep(for: .milliseconds(Int.random(in: 50...250)))
            }
        }
    }

    private static func lockForMigration(_ database: any SQLDatabase, dialect: StoreDialect) async throws {
        if dialect == .postgres {
            // SQLite's BEGIN IMMEDIATE already serialises migrations; PostgreSQL needs an explicit lock
            // because CREATE TABLE IF NOT EXISTS is not safe against a concurrent creator.
            try await database.raw("SELECT pg_advisory_xact_lock(\(bind: migrationLockKey))").run()
        }
        try await database.raw(SQLQueryString(createMigrationsTable)).run()
    }

    private static func schemaVersions(_ database: any SQLDatabase) async throws -> Set<Int> {
        let rows = try await database.raw("SELECT version FROM herald_schema_migrations").all()
        return Set(try rows.map { try $0.decode(column: "version", as: Int.self) })
    }
}

extension Store {
    /// Returns once the schema is at the version this build knows: background services wait here at
    /// start-up, while `herald serve` (or another node) is still migrating.
    ///
    /// It only reads: `schemaVersion()` creates the bookkeeping table, and on PostgreSQL two sessions
    /// creating it at once collide, which would fail the migration this is waiting for.
    public func waitForSchema() async {
        let poll = Duration.milliseconds(50)
        while !Task.isCancelled {
            let version = try? await read { database in
                try await database.raw("SELECT MAX(version) AS v FROM herald_schema_migrations").first()?.decode(column: "v", as: Int?.self)
            }
            if let version = version ?? nil, version >= Store.latestSchemaVersion { return }
            try? await Task.sleep(for: poll)
        }
    }
}
