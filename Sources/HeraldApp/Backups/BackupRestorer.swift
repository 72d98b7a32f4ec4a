import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HeraldCore
import HeraldStore
import Logging

/// `herald restore`: a backup into a database, which is then migrated to this build's schema.
public enum BackupRestorer {
    /// What a restore did, for the operator.
    public struct Outcome: Sendable {
        /// What the target held before and lost (empty for an empty target).
        public var replaced: [String: Int]
        public var migrations: [Int]
    }

    /// Checks the backup's files and the refusal rules before touching the target, then restores.
    public static func restore(
        _ backup: BackupDirectory, into location: DatabaseLocation, key: BackupKey?, force: Bool, logger: Logger
    ) async throws -> Outcome {
        let manifest = backup.manifest
        let held = try await rowsHeld(location, logger: logger)
        let decision = RestoreRule.decide(
            .init(backup: manifest, targetStore: location.kind, knownSchemaVersion: Store.latestSchemaVersion,
                  keyFingerprint: key?.fingerprint, targetRows: held, force: force))
        guard case .restore(let replaced) = decision else {
            throw BackupFailure("not restored: " + decision.refusals.map(\.description).joined(separator: "; "))
        }
        let changed = BackupCheck.fileMismatches(manifest, files: try backup.fileHashes())
        guard changed.isEmpty else {
            throw BackupFailure("not restored: " + changed.map(\.description).joined(separator: "; "))
        }
        switch location {
        case .sqlite(let path):
            // Written beside the target and renamed over it, so a failure leaves the target as it was.
            let target = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let incoming = target.path + ".restoring"
            try backup.writeSQLiteFile(to: incoming, key: key)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            // rename(2) replaces the old file in one step, where Foundation's move refuses an existing one.
            guard rename(incoming, path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: incoming)
                throw BackupFailure("cannot put the restored file in place at \(path): \(reason)")
            }
        case .postgres:
            let snapshot = try backup.postgresSnapshot(key: key)
            try await Store.withStore(location, logger: logger) { try await $0.loadSnapshot(snapshot) }
        }
        let migrations = try await Store.withStore(location, logger: logger) { try await $0.migrate() }
        return Outcome(replaced: replaced, migrations: migrations)
    }

    /// Rows per table in the target; none for a database that does not exist yet.
    private static func rowsHeld(_ location: DatabaseLocation, logger: Logger) async throws -> [String: Int] {
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) { return [:] }
        return try await Store.withStore(location, logger: logger) { try await $0.rowCounts() }
    }
}
