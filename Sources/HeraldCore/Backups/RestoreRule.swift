/// Whether a backup may be restored into a database, and what the restore would replace.
public enum RestoreRule {
    /// Tables Herald fills by itself when it makes a schema: rows there do not make a database "in use".
    public static let bookkeepingTables: Set<String> = ["herald_schema_migrations", "herald_settings"]

    public struct Facts: Sendable, Equatable {
        public var backup: BackupManifest
        public var targetStore: BackupStoreKind
        /// The newest schema this build knows.
        public var knownSchemaVersion: Int
        /// The fingerprint of the key given with `--key-file`, if any.
        public var keyFingerprint: String?
        /// Rows per table in the target database; empty for a database that does not exist yet.
        public var targetRows: [String: Int]
        public var force: Bool

        public init(
            backup: BackupManifest, targetStore: BackupStoreKind, knownSchemaVersion: Int, keyFingerprint: String?,
            targetRows: [String: Int], force: Bool
        ) {
            self.backup = backup
            self.targetStore = targetStore
            self.knownSchemaVersion = knownSchemaVersion
            self.keyFingerprint = keyFingerprint
            self.targetRows = targetRows
            self.force = force
        }
    }

    public enum Refusal: Sendable, Equatable, CustomStringConvertible {
        case unknownFormat(Int)
        case otherStore(backup: BackupStoreKind, target: BackupStoreKind)
        case newerSchema(backup: Int, known: Int)
        case keyMissing(fingerprint: String)
        case wrongKey(expected: String, given: String)
        case targetInUse([String: Int])

        public var description: String {
            switch self {
            case .unknownFormat(let format):
                "the backup is in format \(format), this build reads format \(BackupManifest.currentFormat): restore it with a newer herald"
            case .otherStore(let backup, let target):
                "the backup is of a \(backup.rawValue) database and the target is \(target.rawValue); restore it into \(backup.rawValue)"
            case .newerSchema(let backup, let known):
                "the backup's schema is at version \(backup), this build knows up to \(known): restore it with the herald that made it or a newer one"
            case .keyMissing(let fingerprint):
                "the backup is encrypted (key \(fingerprint)): give its key with --key-file"
            case .wrongKey(let expected, let given):
                "the key file given (key \(given)) is not the key the backup was encrypted with (key \(expected))"
            case .targetInUse(let rows):
                "the target database is not empty; restoring would delete "
                    + RestoreRule.describe(rows) + " (give --force to replace them)"
            }
        }
    }

    public enum Decision: Sendable, Equatable {
        /// Go ahead; `replacing` is what the target held and will lose (empty for an empty target).
        case restore(replacing: [String: Int])
        case refuse([Refusal])
    }

    /// Every reason to refuse at once, so the operator fixes them in one go.
    public static func decide(_ facts: Facts) -> Decision {
        var refusals: [Refusal] = []
        if facts.backup.format != BackupManifest.currentFormat { refusals.append(.unknownFormat(facts.backup.format)) }
        if facts.backup.store != facts.targetStore { refusals.append(.otherStore(backup: facts.backup.store, target: facts.targetStore)) }
        if facts.backup.schemaVersion > facts.knownSchemaVersion {
            refusals.append(.newerSchema(backup: facts.backup.schemaVersion, known: facts.knownSchemaVersion))
        }
        if let encryption = facts.backup.encryption {
            switch facts.keyFingerprint {
            case nil: refusals.append(.keyMissing(fingerprint: encryption.keyFingerprint))
            case let given? where given != encryption.keyFingerprint:
                refusals.append(.wrongKey(expected: encryption.keyFingerprint, given: given))
            default: break
            }
        }
        let held = inUse(facts.targetRows)
        if !held.isEmpty && !facts.force { refusals.append(.targetInUse(held)) }
        return refusals.isEmpty ? .restore(replacing: held) : .refuse(refusals)
    }

    /// The rows a person would lose: tables with rows, bookkeeping left out.
    public static func inUse(_ rows: [String: Int]) -> [String: Int] {
        rows.filter { $0.value > 0 && !bookkeepingTables.contains($0.key) }
    }

    /// "3 rows in contacts, 1 row in notices", largest first.
    public static func describe(_ rows: [String: Int]) -> String {
        rows.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .map { "\($0.value) \($0.value == 1 ? "row" : "rows") in \($0.key)" }
            .joined(separator: ", ")
    }
}
