import Crypto
import Foundation
import HeraldCore
import HeraldStore
import Logging

/// `herald backup`: a consistent copy of a running Herald's database in a new directory.
public enum BackupMaker {
    /// Writes a backup of `store` under `parent` and returns it. The directory is written under a
    /// hidden name and renamed when complete, so every `herald-backup-…` directory is a whole backup.
    /// `holding` runs while the PostgreSQL snapshot is open (the tests hold it there).
    public static func make(
        _ store: Store, under parent: URL, key: BackupKey?, now: Date, zone: TimeZone, logger: Logger,
        holding: @escaping @Sendable () async throws -> Void = {}
    ) async throws -> BackupDirectory {
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let name = directoryName(now)
        let partial = parent.appendingPathComponent(".partial-\(name)")
        try? FileManager.default.removeItem(at: partial)
        try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: true)
        do {
            let (schema, tables, plainFiles, sequences) = try await write(store, into: partial, logger: logger, holding: holding)
            var files: [BackupFileEntry] = []
            for plain in plainFiles {
                var name = plain
                var data = try Data(contentsOf: partial.appendingPathComponent(plain))
                if let key {
                    name += BackupLayout.encryptedSuffix
                    data = try key.seal(data, name: name)
                    try data.write(to: partial.appendingPathComponent(name))
                    try FileManager.default.removeItem(at: partial.appendingPathComponent(plain))
                }
                files.append(BackupFileEntry(name: name, bytes: data.count, sha256: SHA256.hash(data: data).hexadecimal))
            }
            let manifest = BackupManifest(
                createdAt: timestamp(now, zone), schemaVersion: schema, store: store.location.kind, tables: tables, files: files,
                encryption: key.map { BackupEncryption(keyFingerprint: $0.fingerprint) }, sequences: sequences)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(manifest).write(to: partial.appendingPathComponent(BackupManifest.fileName))
            let final = parent.appendingPathComponent(name)
            try FileManager.default.moveItem(at: partial, to: final)
            return try BackupDirectory(path: final.path)
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }

    /// The data files, plain, with the schema version and the rows per table they hold.
    private static func write(
        _ store: Store, into directory: URL, logger: Logger, holding: @escaping @Sendable () async throws -> Void
    ) async throws -> (Int, [String: Int], [String], [String: Int64]?) {
        switch store.location {
        case .sqlite:
            let copy = directory.appendingPathComponent(BackupLayout.sqliteFile).path
            try await store.copySQLite(into: copy)
            // The copy is its own database: what it holds is read from it, not from the live one.
            let (schema, rows) = try await Store.withStore(.sqlite(path: copy), logger: logger) { copied in
                (try await copied.schemaVersion(), try await copied.rowCounts())
            }
            for leftover in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + leftover) }
            return (schema, rows, [BackupLayout.sqliteFile], nil)
        case .postgres:
            let snapshot = try await store.exportSnapshot(holding: holding)
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("tables"), withIntermediateDirectories: true)
            var names: [String] = []
            for (table, lines) in snapshot.tables.sorted(by: { $0.key < $1.key }) {
                let name = BackupLayout.tableFile(table)
                try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: directory.appendingPathComponent(name))
                names.append(name)
            }
            return (snapshot.schemaVersion, snapshot.tables.mapValues(\.count), names, snapshot.sequences)
        }
    }

    /// `herald-backup-20261120T101500Z`: sorts by time, the same on every machine.
    static func directoryName(_ now: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "herald-backup-\(formatter.string(from: now))"
    }

    /// When the backup named `name` by `directoryName` was made; nil for any other name.
    static func date(ofDirectoryNamed name: String) -> Date? {
        guard name.hasPrefix("herald-backup-") else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.date(from: String(name.dropFirst("herald-backup-".count)))
    }

    /// RFC 3339 in `zone`, with its offset.
    public static func timestamp(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

extension DatabaseLocation {
    /// The engine, as backups name it.
    public var kind: BackupStoreKind {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }
}
