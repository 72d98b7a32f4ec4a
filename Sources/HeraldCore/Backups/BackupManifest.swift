import Foundation

/// What a backup says about itself (`manifest.json`): enough to check it and to restore it on another machine.
public struct BackupManifest: Sendable, Equatable, Codable {
    /// The layout of backup directories this build writes and reads.
    public static let currentFormat = 1
    public static let fileName = "manifest.json"

    public var format: Int
    /// RFC 3339 with the offset of the machine that made it.
    public var createdAt: String
    public var heraldVersion: String
    public var schemaVersion: Int
    public var store: BackupStoreKind
    /// Rows per table as the snapshot held them.
    public var tables: [String: Int]
    public var files: [BackupFileEntry]
    /// Nil when the data files are plain.
    public var encryption: BackupEncryption?
    /// PostgreSQL sequences' positions in the snapshot, so that ids given after a restore are new.
    public var sequences: [String: Int64]?

    public init(
        createdAt: String, schemaVersion: Int, store: BackupStoreKind, tables: [String: Int], files: [BackupFileEntry],
        encryption: BackupEncryption?, sequences: [String: Int64]? = nil, heraldVersion: String = HeraldRelease.version
    ) {
        self.format = Self.currentFormat
        self.createdAt = createdAt
        self.heraldVersion = heraldVersion
        self.schemaVersion = schemaVersion
        self.store = store
        self.tables = tables
        self.files = files
        self.encryption = encryption
        self.sequences = sequences
    }

    enum CodingKeys: String, CodingKey {
        case format, createdAt = "created_at", heraldVersion = "herald_version", schemaVersion = "schema_version", store, tables,
            files, encryption, sequences
    }

    /// The time it was made, read back from `createdAt`.
    public var date: Date? { RFC3339.parse(createdAt) }
}

/// The engine a backup was taken from; a backup restores into the same kind.
public enum BackupStoreKind: String, Sendable, Equatable, Codable {
    case sqlite, postgres
}

/// One data file of a backup, as written.
public struct BackupFileEntry: Sendable, Equatable, Codable {
    /// The path inside the backup directory.
    public var name: String
    public var bytes: Int
    /// Of the bytes on disk (encrypted ones when the backup is encrypted), lowercase hex.
    public var sha256: String

    public init(name: String, bytes: Int, sha256: String) {
        self.name = name
        self.bytes = bytes
        self.sha256 = sha256
    }
}

/// How a backup's data files are sealed.
public struct BackupEncryption: Sendable, Equatable, Codable {
    public static let aes256GCM = "AES-256-GCM"

    public var algorithm: String
    /// SHA-256 of the key, first 16 hex digits: names the key without revealing it.
    public var keyFingerprint: String

    public init(algorithm: String = Self.aes256GCM, keyFingerprint: String) {
        self.algorithm = algorithm
        self.keyFingerprint = keyFingerprint
    }

    enum CodingKeys: String, CodingKey {
        case algorithm, keyFingerprint = "key_fingerprint"
    }
}
