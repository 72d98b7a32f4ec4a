import Foundation

/// A signed statement that the log held `sequence` entries ending in `hash` at `at`: deleting or
/// rewriting entries up to it cannot go unnoticed without the signing key.
public struct AuditCheckpoint: Sendable, Equatable {
    public var sequence: Int64
    public var hash: String
    public var at: Date
    /// The Ed25519 public key it was signed with, raw 32 bytes in lowercase hex.
    public var publicKey: String
    /// The Ed25519 signature over `signedMessage`, lowercase hex.
    public var signature: String

    public init(sequence: Int64, hash: String, at: Date, publicKey: String, signature: String) {
        self.sequence = sequence
        self.hash = hash
        self.at = at
        self.publicKey = publicKey
        self.signature = signature
    }

    /// What is signed: the canonical JSON `{"at":"…Z","hash":"…","seq":N}`, as UTF-8.
    public static func signedMessage(sequence: Int64, hash: String, at: Date) -> String {
        CanonicalJSON.write(.object(["seq": .integer(sequence), "hash": .string(hash), "at": .string(AuditTime.write(at))]))
    }

    public var signedMessage: String { Self.signedMessage(sequence: sequence, hash: hash, at: at) }
}
