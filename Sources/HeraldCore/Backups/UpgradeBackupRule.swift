/// Whether a start that is about to migrate an embedded database backs it up first, so that the
/// upgrade can be undone, and whether the disk has room for the copy and for the migrations.
public enum UpgradeBackupRule {
    /// What is known before migrating.
    public struct Facts: Sendable, Equatable {
        /// The schema the database is at; 0 when it holds no Herald schema yet.
        public var schemaVersion: Int
        /// The newest schema this build knows.
        public var knownSchemaVersion: Int
        /// The database file with its write-ahead log.
        public var databaseBytes: Int64
        /// Free bytes on the file system the database and its backups are on.
        public var freeBytes: Int64

        public init(schemaVersion: Int, knownSchemaVersion: Int, databaseBytes: Int64, freeBytes: Int64) {
            self.schemaVersion = schemaVersion
            self.knownSchemaVersion = knownSchemaVersion
            self.databaseBytes = databaseBytes
            self.freeBytes = freeBytes
        }
    }

    /// What the start does before migrating.
    public enum Decision: Sendable, Equatable {
        /// A new database, or one already at (or past) this build's schema: nothing to undo.
        case migrateWithoutBackup
        /// Copy the database, then migrate it from `from` to `to`.
        case backUp(from: Int, to: Int)
        /// Too little room: the copy and the migrations' growth need `needed` bytes, `free` are there.
        case refuse(needed: Int64, free: Int64)
    }

    /// Room kept free beyond the copy and the growth, so the disk is never filled to the last byte.
    public static let margin: Int64 = 64 << 20

    public static func decide(_ facts: Facts) -> Decision {
        guard facts.schemaVersion > 0, facts.schemaVersion < facts.knownSchemaVersion else { return .migrateWithoutBackup }
        // The copy is as large as the database, and a migration that rewrites a table may need as much again.
        let needed = 2 * facts.databaseBytes + margin
        guard facts.freeBytes >= needed else { return .refuse(needed: needed, free: facts.freeBytes) }
        return .backUp(from: facts.schemaVersion, to: facts.knownSchemaVersion)
    }
}
