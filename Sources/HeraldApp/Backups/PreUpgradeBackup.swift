import Foundation
import HeraldCore
import HeraldStore
import Logging

/// Before a start migrates an embedded database to a newer schema, a copy of it as it was: an
/// upgrade that went wrong is undone by putting the copy back and running the earlier version.
public enum PreUpgradeBackup {
    /// Why the start stopped before migrating.
    public struct NotEnoughRoom: Error, CustomStringConvertible {
        public var directory: String
        public var needed: Int64
        public var free: Int64

        public var description: String {
            "not migrating: the backup taken before an upgrade and the migrations need \(megabytes(needed)) free at \(directory), "
                + "and only \(megabytes(free)) are; free some space and start again"
        }
    }

    /// Where the copies go: `backups/` beside the database file.
    public static func directory(for databasePath: String) -> URL {
        URL(fileURLWithPath: databasePath).deletingLastPathComponent().appendingPathComponent("backups")
    }

    /// Backs the database up if `UpgradeBackupRule` says so and returns the backup; nil when there
    /// was nothing to back up (PostgreSQL, whose operators back up with `herald backup` or their own
    /// tools, a new database, or one already current). Throws `NotEnoughRoom` rather than migrate
    /// on a disk that cannot hold the copy.
    public static func takeIfNeeded(_ store: Store, now: Date, logger: Logger) async throws -> BackupDirectory? {
        guard case .sqlite(let path) = store.location, FileManager.default.fileExists(atPath: path) else { return nil }
        guard try await store.holdsHeraldSchema() else { return nil }
        let parent = directory(for: path)
        let facts = UpgradeBackupRule.Facts(
            schemaVersion: try await store.schemaVersion(), knownSchemaVersion: Store.latestSchemaVersion,
            databaseBytes: size(path) + size(path + "-wal"), freeBytes: try freeBytes(near: parent))
        switch UpgradeBackupRule.decide(facts) {
        case .migrateWithoutBackup:
            return nil
        case .refuse(let needed, let free):
            throw NotEnoughRoom(directory: parent.deletingLastPathComponent().path, needed: needed, free: free)
        case .backUp(let from, let to):
            let backup = try await BackupMaker.make(store, under: parent, key: nil, now: now, zone: TimeZone(identifier: "UTC")!, logger: logger)
            logger.notice(
                "backed up the database before migrating it",
                metadata: ["backup": "\(backup.url.path)", "from_schema": "\(from)", "to_schema": "\(to)"])
            return backup
        }
    }

    /// What an operator does to undo the upgrade with this backup.
    public static func undoAdvice(_ backup: BackupDirectory, database path: String) -> String {
        "to undo the upgrade: stop Herald, copy \(backup.url.appendingPathComponent("herald.sqlite").path) over \(path) "
            + "(removing \(path)-wal), and start the earlier version"
    }

    private static func size(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    private static func freeBytes(near directory: URL) throws -> Int64 {
        // The backups directory may not exist yet; its parent, the database's directory, does.
        var probe = directory
        while !FileManager.default.fileExists(atPath: probe.path), probe.path != "/" { probe.deleteLastPathComponent() }
        let attributes = try FileManager.default.attributesOfFileSystem(forPath: probe.path)
        return (attributes[.systemFreeSize] as? NSNumber)?.int64Value ?? .max
    }
}

private func megabytes(_ bytes: Int64) -> String { "\((bytes + (1 << 20) - 1) >> 20) MiB" }
