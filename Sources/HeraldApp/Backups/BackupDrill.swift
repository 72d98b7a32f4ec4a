import Foundation
import HeraldCore
import HeraldStore
import Logging

/// `herald backup verify`: restores a backup into a scratch database and compares it with its manifest.
public enum BackupDrill {
    /// Where a PostgreSQL backup is restored for the drill.
    public enum Scratch: Sendable {
        /// A database created beside this one on the same server, and dropped after.
        case beside(url: String)
        /// A database the operator made for drills; it must hold no rows, and is emptied after.
        case given(url: String)
        case none
    }

    /// Every mismatch found; empty when the backup restores into what its manifest says.
    public static func run(_ backup: BackupDirectory, key: BackupKey?, scratch: Scratch, logger: Logger) async throws -> [BackupMismatch] {
        let manifest = backup.manifest
        if let refusal = RestoreRule.decide(
            .init(backup: manifest, targetStore: manifest.store, knownSchemaVersion: Store.latestSchemaVersion,
                  keyFingerprint: key?.fingerprint, targetRows: [:], force: false)
        ).refusals.first {
            throw BackupFailure(refusal.description)
        }
        let files = try backup.fileHashes()
        let fileProblems = BackupCheck.fileMismatches(manifest, files: files)
        // Changed files are the answer already; restoring them would only add noise to it.
        guard fileProblems.isEmpty else { return fileProblems }
        var observed = BackupCheck.Observation(files: files)
        do {
            let (rows, problems) = try await restoreAndInspect(backup, key: key, scratch: scratch, logger: logger)
            observed.restoredRows = rows
            observed.integrityProblems = problems
        } catch let failure as BackupFailure {
            throw failure
        } catch {
            observed.restoreError = String(describing: error)
        }
        return BackupCheck.mismatches(manifest, observed)
    }

    private static func restoreAndInspect(
        _ backup: BackupDirectory, key: BackupKey?, scratch: Scratch, logger: Logger
    ) async throws -> ([String: Int], [String]) {
        switch backup.manifest.store {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-verify-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("herald.sqlite").path
            try backup.writeSQLiteFile(to: path, key: key)
            return try await inspect(.sqlite(path: path), logger: logger)
        case .postgres:
            let snapshot = try backup.postgresSnapshot(key: key)
            switch scratch {
            case .none:
                throw BackupFailure(
                    "verifying a PostgreSQL backup needs a server to restore it on: give --database postgres://… (a scratch database is made and dropped there) or --scratch-database URL")
            case .given(let url):
                let held = try await Store.withStore(.postgres(url: url), logger: logger) { try await $0.rowCounts() }
                let inUse = RestoreRule.inUse(held)
                guard inUse.isEmpty else {
                    throw BackupFailure("the scratch database is not empty (\(RestoreRule.describe(inUse))): give an empty one")
                }
                let empty: @Sendable () async -> Void = {
                    _ = try? await Store.withStore(.postgres(url: url), logger: logger) { try await $0.dropSchema() }
                }
                do {
                    let result = try await load(snapshot, into: url, logger: logger)
                    await empty()
                    return result
                } catch {
                    await empty()
                    throw error
                }
            case .beside(let url):
                let made = try await ScratchDatabase.create(near: url, logger: logger)
                do {
                    let result = try await load(snapshot, into: made, logger: logger)
                    try await ScratchDatabase.drop(made, near: url, logger: logger)
                    return result
                } catch {
                    try? await ScratchDatabase.drop(made, near: url, logger: logger)
                    throw error
                }
            }
        }
    }

    private static func load(_ snapshot: PostgresSnapshot, into url: String, logger: Logger) async throws -> ([String: Int], [String]) {
        try await Store.withStore(.postgres(url: url), logger: logger) { store in
            try await store.loadSnapshot(snapshot)
        }
        return try await inspect(.postgres(url: url), logger: logger)
    }

    private static func inspect(_ location: DatabaseLocation, logger: Logger) async throws -> ([String: Int], [String]) {
        try await Store.withStore(location, logger: logger) { store in
            (try await store.rowCounts(), try await store.integrityProblems())
        }
    }
}

extension RestoreRule.Decision {
    /// The reasons to refuse; none when the restore may go ahead.
    public var refusals: [RestoreRule.Refusal] {
        if case .refuse(let reasons) = self { return reasons }
        return []
    }
}
