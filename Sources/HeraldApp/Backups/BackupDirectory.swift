import Crypto
import Foundation
import HeraldCore
import HeraldStore

/// A backup on disk: a directory holding `manifest.json` and the data files it lists.
public struct BackupDirectory: Sendable {
    public let url: URL
    public let manifest: BackupManifest

    /// Reads the manifest of the backup at `path`.
    public init(path: String) throws {
        url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BackupFailure("no backup at \(path): a backup is a directory made by `herald backup`")
        }
        guard let data = FileManager.default.contents(atPath: url.appendingPathComponent(BackupManifest.fileName).path) else {
            throw BackupFailure("\(path) has no \(BackupManifest.fileName): it is not a backup made by `herald backup`, or an unfinished one")
        }
        do {
            manifest = try JSONDecoder().decode(BackupManifest.self, from: data)
        } catch {
            throw BackupFailure("\(path)/\(BackupManifest.fileName) cannot be read: \(error)")
        }
    }

    /// SHA-256 of every file in the directory but the manifest, by its path inside the backup.
    public func fileHashes() throws -> [String: String] {
        var hashes: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey]) else { return [:] }
        for case let file as URL in walker where (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let name = String(file.standardizedFileURL.path.dropFirst(url.path.count + 1))
            guard name != BackupManifest.fileName else { continue }
            hashes[name] = SHA256.hash(data: try Data(contentsOf: file)).hexadecimal
        }
        return hashes
    }

    /// The refusals a restore of this backup with `key` meets before anything is read, key first.
    public func checkKey(_ key: BackupKey?) throws {
        guard let encryption = manifest.encryption else { return }
        guard let key else { throw BackupFailure(RestoreRule.Refusal.keyMissing(fingerprint: encryption.keyFingerprint).description) }
        if key.fingerprint != encryption.keyFingerprint {
            throw BackupFailure(RestoreRule.Refusal.wrongKey(expected: encryption.keyFingerprint, given: key.fingerprint).description)
        }
    }

    /// A data file's plain bytes, opened with `key` when the backup is encrypted.
    func contents(of entry: BackupFileEntry, key: BackupKey?) throws -> Data {
        let data = try Data(contentsOf: url.appendingPathComponent(entry.name))
        guard manifest.encryption != nil else { return data }
        guard let key else { throw BackupFailure("\(entry.name) is encrypted: give its key with --key-file") }
        return try key.open(data, name: entry.name)
    }

    /// The SQLite file of a SQLite backup, written plain to `path`.
    func writeSQLiteFile(to path: String, key: BackupKey?) throws {
        guard let entry = manifest.files.first(where: { $0.name.hasPrefix(BackupLayout.sqliteFile) }) else {
            throw BackupFailure("the manifest lists no \(BackupLayout.sqliteFile)")
        }
        try contents(of: entry, key: key).write(to: URL(fileURLWithPath: path))
    }

    /// The rows of a PostgreSQL backup as the store loads them.
    func postgresSnapshot(key: BackupKey?) throws -> PostgresSnapshot {
        var tables: [String: [String]] = [:]
        for entry in manifest.files {
            guard let table = BackupLayout.table(of: entry.name) else { continue }
            let text = String(decoding: try contents(of: entry, key: key), as: UTF8.self)
            tables[table] = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        }
        return PostgresSnapshot(schemaVersion: manifest.schemaVersion, tables: tables, sequences: manifest.sequences ?? [:])
    }
}

/// Where things are inside a backup directory.
enum BackupLayout {
    static let sqliteFile = "herald.sqlite"
    static let encryptedSuffix = ".aesgcm"

    static func tableFile(_ table: String) -> String { "tables/\(table).jsonl" }

    static func table(of name: String) -> String? {
        var name = name
        if name.hasSuffix(encryptedSuffix) { name.removeLast(encryptedSuffix.count) }
        guard name.hasPrefix("tables/"), name.hasSuffix(".jsonl") else { return nil }
        return String(name.dropFirst("tables/".count).dropLast(".jsonl".count))
    }
}
