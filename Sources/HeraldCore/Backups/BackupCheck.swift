/// What a restore drill found that disagrees with a backup's manifest.
public enum BackupMismatch: Sendable, Equatable, CustomStringConvertible {
    case missingFile(String)
    case changedFile(String, expected: String, found: String)
    case unlistedFile(String)
    case missingTable(String, expected: Int)
    case unlistedTable(String, found: Int)
    case rowCount(String, expected: Int, found: Int)
    case integrity(String)
    case restoreFailed(String)

    public var description: String {
        switch self {
        case .missingFile(let name): "\(name) is listed in the manifest but missing"
        case .changedFile(let name, let expected, let found):
            "\(name) has changed since the backup was made: its SHA-256 is \(found.prefix(16))…, the manifest says \(expected.prefix(16))…"
        case .unlistedFile(let name): "\(name) is not listed in the manifest"
        case .missingTable(let table, let expected): "table \(table) (\(expected) rows in the manifest) is missing after the restore"
        case .unlistedTable(let table, let found): "table \(table) (\(found) rows) is not in the manifest"
        case .rowCount(let table, let expected, let found): "table \(table) has \(found) rows after the restore, the manifest says \(expected)"
        case .integrity(let problem): "the integrity check failed: \(problem)"
        case .restoreFailed(let reason): "the backup could not be restored: \(reason)"
        }
    }
}

/// Compares what a restore drill observed with what the backup's manifest promised.
public enum BackupCheck {
    /// What was found on disk and, once restored, in the scratch database.
    public struct Observation: Sendable, Equatable {
        /// SHA-256 of every file in the backup directory but the manifest, by path.
        public var files: [String: String]
        /// Rows per table in the scratch database; nil when the restore was not attempted or failed.
        public var restoredRows: [String: Int]?
        public var integrityProblems: [String]
        public var restoreError: String?

        public init(files: [String: String], restoredRows: [String: Int]? = nil, integrityProblems: [String] = [], restoreError: String? = nil) {
            self.files = files
            self.restoredRows = restoredRows
            self.integrityProblems = integrityProblems
            self.restoreError = restoreError
        }
    }

    /// Every disagreement, files first; empty when the backup is what its manifest says.
    public static func mismatches(_ manifest: BackupManifest, _ observed: Observation) -> [BackupMismatch] {
        var found: [BackupMismatch] = []
        let listed = Set(manifest.files.map(\.name))
        for file in manifest.files {
            guard let hash = observed.files[file.name] else {
                found.append(.missingFile(file.name))
                continue
            }
            if hash.lowercased() != file.sha256.lowercased() {
                found.append(.changedFile(file.name, expected: file.sha256, found: hash))
            }
        }
        found += observed.files.keys.filter { !listed.contains($0) }.sorted().map(BackupMismatch.unlistedFile)
        if let error = observed.restoreError { found.append(.restoreFailed(error)) }
        found += observed.integrityProblems.map(BackupMismatch.integrity)
        if let rows = observed.restoredRows {
            for (table, expected) in manifest.tables.sorted(by: { $0.key < $1.key }) {
                guard let count = rows[table] else {
                    found.append(.missingTable(table, expected: expected))
                    continue
                }
                if count != expected { found.append(.rowCount(table, expected: expected, found: count)) }
            }
            found += rows.filter { manifest.tables[$0.key] == nil }.sorted { $0.key < $1.key }.map { .unlistedTable($0.key, found: $0.value) }
        }
        return found
    }

    /// Files whose bytes differ from the manifest: a restore must not start from them.
    public static func fileMismatches(_ manifest: BackupManifest, files: [String: String]) -> [BackupMismatch] {
        mismatches(manifest, Observation(files: files))
    }
}
