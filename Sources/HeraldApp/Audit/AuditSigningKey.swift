import Crypto
import Foundation
import HeraldCore
import HeraldStore

/// The Ed25519 key Herald signs audit checkpoints with: 32 raw bytes in a file only its owner may
/// read (0600), made on first start. Nodes sharing one PostgreSQL database share the file
/// (`audit.signing_key_file`), so one public key verifies every checkpoint.
public struct AuditSigningKey: Sendable {
    let key: Curve25519.Signing.PrivateKey

    public init(key: Curve25519.Signing.PrivateKey) {
        self.key = key
    }

    /// A new random key, kept nowhere.
    public static func generated() -> AuditSigningKey { AuditSigningKey(key: Curve25519.Signing.PrivateKey()) }

    /// The public key, lowercase hex: what an auditor keeps to check exports against.
    public var publicKey: String { key.publicKey.rawRepresentation.hexadecimal }

    /// Where the key lives when the config names none: beside the SQLite file, or in `herald-data/`.
    public static func defaultPath(for database: DatabaseLocation) -> String {
        if case .sqlite(let path) = database {
            return URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("audit-signing.key").path
        }
        return "herald-data/audit-signing.key"
    }

    /// Reads the key at `path`.
    public static func load(path: String) throws -> AuditSigningKey {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw AuditKeyError("cannot read the audit signing key \(path): \(error.localizedDescription)")
        }
        do { return AuditSigningKey(key: try Curve25519.Signing.PrivateKey(rawRepresentation: data)) } catch {
            throw AuditKeyError("\(path) is not an Ed25519 private key (32 raw bytes)")
        }
    }

    /// Reads the key at `path`, or makes one there (and its directory) with 0600 permissions.
    public static func loadOrCreate(path: String) throws -> AuditSigningKey {
        if FileManager.default.fileExists(atPath: path) { return try load(path: path) }
        let key = Curve25519.Signing.PrivateKey()
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Made with 0600 from the start: never readable by others, not even for a moment.
        guard FileManager.default.createFile(atPath: path, contents: key.rawRepresentation, attributes: [.posixPermissions: 0o600]) else {
            throw AuditKeyError("cannot write the audit signing key \(path)")
        }
        return AuditSigningKey(key: key)
    }

    /// Signs a checkpoint of the log's head at `at`.
    public func checkpoint(sequence: Int64, hash: String, at time: Date) throws -> AuditCheckpoint {
        let at = AuditTime.kept(time)
        let message = AuditCheckpoint.signedMessage(sequence: sequence, hash: hash, at: at)
        return AuditCheckpoint(
            sequence: sequence, hash: hash, at: at, publicKey: publicKey, signature: try key.signature(for: Data(message.utf8)).hexadecimal)
    }

    /// Whether `checkpoint` carries a valid signature by the public key `publicKey` (hex).
    public static func verifies(_ checkpoint: AuditCheckpoint, publicKey: String) -> Bool {
        guard let raw = [UInt8](hexadecimal: publicKey), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw),
            let signature = [UInt8](hexadecimal: checkpoint.signature)
        else { return false }
        return key.isValidSignature(Data(signature), for: Data(checkpoint.signedMessage.utf8))
    }
}

/// A signing key that cannot be read or made.
public struct AuditKeyError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
