import Foundation
import HeraldCore
import HeraldStore

/// `herald audit export`'s JSON lines, and reading them back for `herald audit verify --file`.
/// The first line is the header (`"type":"header"`: the public key, `since`, when it was made);
/// then one line per entry (`"type":"entry"`: the canonical form's members plus `hash`) and one
/// per checkpoint (`"type":"checkpoint"`: `seq`, `hash`, `at`, `public_key`, `signature`).
/// An entry line without `type` and `hash`, written canonically, is the text its hash is over.
public enum AuditExport {
    public static func header(publicKey: String, since: Date?, at now: Date) -> String {
        CanonicalJSON.write(
            .object([
                "type": .string("header"), "format": .string("herald-audit-export/1"), "public_key": .string(publicKey),
                "since": since.map { .string(AuditTime.write($0)) } ?? .null, "exported_at": .string(AuditTime.write(now)),
            ]))
    }

    public static func line(_ entry: AuditEntry) -> String {
        guard case .object(var members) = (try? JSONValue.parse(Array(entry.canonicalForm.utf8))) ?? .null else { return "" }
        members["type"] = .string("entry")
        members["hash"] = .string(entry.hash)
        return CanonicalJSON.write(.object(members))
    }

    public static func line(_ checkpoint: AuditCheckpoint) -> String {
        CanonicalJSON.write(
            .object([
                "type": .string("checkpoint"), "seq": .integer(checkpoint.sequence), "hash": .string(checkpoint.hash),
                "at": .string(AuditTime.write(checkpoint.at)), "public_key": .string(checkpoint.publicKey), "signature": .string(checkpoint.signature),
            ]))
    }

    /// What an export holds.
    public struct Contents: Sendable {
        public var publicKey: String
        public var since: Date?
        public var entries: [AuditEntry]
        public var checkpoints: [AuditCheckpoint]
    }

    /// Reads an export; a line that is not one of its kinds is named by its number.
    public static func read(_ text: String) throws -> Contents {
        var contents = Contents(publicKey: "", since: nil, entries: [], checkpoints: [])
        var sawHeader = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let number = index + 1
            func bad(_ why: String) -> AuditKeyError { AuditKeyError("line \(number): \(why)") }
            guard case .object(let members) = (try? JSONValue.parse(Array(line.utf8))) ?? .null else { throw bad("is not a JSON object") }
            func text(_ name: String) throws -> String {
                guard case .string(let value) = members[name] ?? .null else { throw bad("\(name) must be a string") }
                return value
            }
            func optionalText(_ name: String) throws -> String? { members[name] == nil || members[name] == .null ? nil : try text(name) }
            func time(_ name: String) throws -> Date {
                guard let date = RFC3339.parse(try text(name)) else { throw bad("\(name) must be an RFC 3339 time") }
                return date
            }
            func integer(_ name: String) throws -> Int64 {
                guard case .integer(let value) = members[name] ?? .null else { throw bad("\(name) must be an integer") }
                return value
            }
            switch try text("type") {
            case "header":
                sawHeader = true
                contents.publicKey = try text("public_key")
                contents.since = try optionalText("since").flatMap(RFC3339.parse)
            case "entry":
                contents.entries.append(
                    AuditEntry(
                        sequence: try integer("seq"), at: try time("at"), actor: try text("actor"), role: try optionalText("role"),
                        client: try optionalText("client"), action: try text("action"), targetKind: try text("target_kind"),
                        targetID: try text("target_id"), change: AuditChange(json: members["change"] ?? .null), detail: try optionalText("detail"),
                        previousHash: try text("previous"), hash: try text("hash")))
            case "checkpoint":
                contents.checkpoints.append(
                    AuditCheckpoint(
                        sequence: try integer("seq"), hash: try text("hash"), at: try time("at"), publicKey: try text("public_key"),
                        signature: try text("signature")))
            default: throw bad("type must be header, entry or checkpoint")
            }
        }
        guard sawHeader else { throw AuditKeyError("not a Herald audit export: no header line") }
        return contents
    }
}

/// Checking a log against the key that signed its checkpoints.
public enum AuditVerification {
    public static func verify(entries: [AuditEntry], checkpoints: [AuditCheckpoint], publicKey: String, startsAtGenesis: Bool = true) -> AuditVerdict {
        AuditChain.verify(
            entries, checkpoints: checkpoints, startsAtGenesis: startsAtGenesis, digest: AuditDigest.sha256,
            trusted: { AuditSigningKey.verifies($0, publicKey: publicKey) })
    }
}
