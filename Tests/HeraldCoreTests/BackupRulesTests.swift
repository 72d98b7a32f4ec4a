import Foundation
import HeraldCore
import Testing

@Suite struct BackupRulesTests {
    static func manifest(
        store: BackupStoreKind = .sqlite, schema: Int = 26, tables: [String: Int] = ["contacts": 3, "notices": 1],
        files: [BackupFileEntry] = [BackupFileEntry(name: "herald.sqlite", bytes: 4096, sha256: "aa")], key: String? = nil
    ) -> BackupManifest {
        BackupManifest(
            createdAt: "2026-11-20T18:15:00+08:00", schemaVersion: schema, store: store, tables: tables, files: files,
            encryption: key.map { BackupEncryption(keyFingerprint: $0) })
    }

    // MARK: the manifest check

    struct CheckCase: Sendable, CustomTestStringConvertible {
        var name: String
        var manifest: BackupManifest
        var observed: BackupCheck.Observation
        var expected: [BackupMismatch]
        var testDescription: String { name }
    }

    static let twoFiles = [BackupFileEntry(name: "tables/contacts.jsonl", bytes: 10, sha256: "c1"),
                           BackupFileEntry(name: "tables/notices.jsonl", bytes: 10, sha256: "n1")]

    static let checks: [CheckCase] = [
        CheckCase(name: "all as promised", manifest: manifest(),
                  observed: .init(files: ["herald.sqlite": "aa"], restoredRows: ["contacts": 3, "notices": 1]), expected: []),
        CheckCase(name: "hashes compare without regard to case", manifest: manifest(),
                  observed: .init(files: ["herald.sqlite": "AA"], restoredRows: ["contacts": 3, "notices": 1]), expected: []),
        CheckCase(name: "a changed file is named", manifest: manifest(files: twoFiles),
                  observed: .init(files: ["tables/contacts.jsonl": "c1", "tables/notices.jsonl": "ff"]),
                  expected: [.changedFile("tables/notices.jsonl", expected: "n1", found: "ff")]),
        CheckCase(name: "a missing and an unlisted file", manifest: manifest(files: twoFiles),
                  observed: .init(files: ["tables/contacts.jsonl": "c1", "tables/extra.jsonl": "ee"]),
                  expected: [.missingFile("tables/notices.jsonl"), .unlistedFile("tables/extra.jsonl")]),
        CheckCase(name: "row counts differ", manifest: manifest(),
                  observed: .init(files: ["herald.sqlite": "aa"], restoredRows: ["contacts": 2, "notices": 1]),
                  expected: [.rowCount("contacts", expected: 3, found: 2)]),
        CheckCase(name: "a table lost and one gained", manifest: manifest(),
                  observed: .init(files: ["herald.sqlite": "aa"], restoredRows: ["contacts": 3, "teams": 4]),
                  expected: [.missingTable("notices", expected: 1), .unlistedTable("teams", found: 4)]),
        CheckCase(name: "integrity problems and a failed restore are reported", manifest: manifest(),
                  observed: .init(files: ["herald.sqlite": "aa"], integrityProblems: ["row 3 of alerts refers to a missing row of incidents"],
                                  restoreError: "disk full"),
                  expected: [.restoreFailed("disk full"), .integrity("row 3 of alerts refers to a missing row of incidents")]),
        CheckCase(name: "rows are not compared when nothing was restored", manifest: manifest(),
                  observed: .init(files: ["herald.sqlite": "aa"]), expected: []),
    ]

    @Test(arguments: checks)
    func theManifestCheckFindsEveryMismatch(_ check: CheckCase) {
        #expect(BackupCheck.mismatches(check.manifest, check.observed) == check.expected)
    }

    @Test func aChangedFileIsDescribedByName() {
        let words = BackupMismatch.changedFile("tables/notices.jsonl", expected: String(repeating: "a", count: 64), found: String(repeating: "b", count: 64)).description
        #expect(words.contains("tables/notices.jsonl has changed"))
    }

    // MARK: the restore rules

    struct RestoreCase: Sendable, CustomTestStringConvertible {
        var name: String
        var facts: RestoreRule.Facts
        var expected: RestoreRule.Decision
        var testDescription: String { name }
    }

    static func facts(
        _ manifest: BackupManifest = manifest(), target: BackupStoreKind = .sqlite, known: Int = 26, key: String? = nil,
        rows: [String: Int] = [:], force: Bool = false
    ) -> RestoreRule.Facts {
        .init(backup: manifest, targetStore: target, knownSchemaVersion: known, keyFingerprint: key, targetRows: rows, force: force)
    }

    static let freshRows = ["herald_schema_migrations": 26, "herald_settings": 1, "contacts": 0]

    static let restores: [RestoreCase] = [
        RestoreCase(name: "into a database that does not exist", facts: facts(), expected: .restore(replacing: [:])),
        RestoreCase(name: "into a freshly migrated one (bookkeeping rows only)", facts: facts(rows: freshRows), expected: .restore(replacing: [:])),
        RestoreCase(name: "an older schema is fine (migrated after)", facts: facts(manifest(schema: 20)), expected: .restore(replacing: [:])),
        RestoreCase(name: "a newer schema is refused", facts: facts(manifest(schema: 27)), expected: .refuse([.newerSchema(backup: 27, known: 26)])),
        RestoreCase(name: "a database in use is refused, saying what would be lost", facts: facts(rows: ["contacts": 5, "notices": 2, "herald_settings": 1]),
                    expected: .refuse([.targetInUse(["contacts": 5, "notices": 2])])),
        RestoreCase(name: "--force replaces it and says what it held", facts: facts(rows: ["contacts": 5, "herald_settings": 1], force: true),
                    expected: .restore(replacing: ["contacts": 5])),
        RestoreCase(name: "an encrypted backup without its key", facts: facts(manifest(key: "k1")), expected: .refuse([.keyMissing(fingerprint: "k1")])),
        RestoreCase(name: "an encrypted backup with another key", facts: facts(manifest(key: "k1"), key: "k2"),
                    expected: .refuse([.wrongKey(expected: "k1", given: "k2")])),
        RestoreCase(name: "an encrypted backup with its key", facts: facts(manifest(key: "k1"), key: "k1"), expected: .restore(replacing: [:])),
        RestoreCase(name: "a key for a plain backup is not needed and not refused", facts: facts(key: "k1"), expected: .restore(replacing: [:])),
        RestoreCase(name: "a SQLite backup into PostgreSQL", facts: facts(target: .postgres), expected: .refuse([.otherStore(backup: .sqlite, target: .postgres)])),
        RestoreCase(name: "every refusal at once", facts: facts(manifest(store: .postgres, schema: 30, key: "k1"), key: "k9", rows: ["contacts": 1]),
                    expected: .refuse([.otherStore(backup: .postgres, target: .sqlite), .newerSchema(backup: 30, known: 26),
                                       .wrongKey(expected: "k1", given: "k9"), .targetInUse(["contacts": 1])])),
    ]

    @Test(arguments: restores)
    func restoreIsRefusedOnlyForTheseReasons(_ restore: RestoreCase) {
        #expect(RestoreRule.decide(restore.facts) == restore.expected)
    }

    @Test func aRefusedRestoreSaysWhatWouldBeLostAndHowToProceed() {
        let words = RestoreRule.Refusal.targetInUse(["contacts": 5, "notices": 1]).description
        #expect(words.contains("5 rows in contacts, 1 row in notices"))
        #expect(words.contains("--force"))
    }

    @Test func anUnknownFormatIsRefused() {
        var later = Self.manifest()
        later.format = 2
        #expect(RestoreRule.decide(Self.facts(later)) == .refuse([.unknownFormat(2)]))
    }

    // MARK: retention

    struct RetentionCase: Sendable, CustomTestStringConvertible {
        var name: String
        var keep: Int?
        var maxAgeDays: Double?
        var expired: [String]
        var testDescription: String { name }
    }

    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    /// Daily backups, `b0` the newest (made an hour ago), `b9` nine days and an hour old.
    static let daily = (0..<10).map { BackupRetention.Entry(name: "b\($0)", createdAt: now.addingTimeInterval(-Double($0) * 86400 - 3600)) }

    static let retentions: [RetentionCase] = [
        RetentionCase(name: "no limits keep everything", keep: nil, maxAgeDays: nil, expired: []),
        RetentionCase(name: "keep 3", keep: 3, maxAgeDays: nil, expired: ["b3", "b4", "b5", "b6", "b7", "b8", "b9"]),
        RetentionCase(name: "at most 7 days old", keep: nil, maxAgeDays: 7, expired: ["b7", "b8", "b9"]),
        RetentionCase(name: "both: whichever deletes more", keep: 5, maxAgeDays: 2, expired: ["b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9"]),
        RetentionCase(name: "more allowed than there are", keep: 20, maxAgeDays: 30, expired: []),
        RetentionCase(name: "the newest stays even when too old", keep: nil, maxAgeDays: 0.01, expired: ["b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9"]),
        RetentionCase(name: "keep 0 still keeps the newest", keep: 0, maxAgeDays: nil, expired: ["b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9"]),
    ]

    @Test(arguments: retentions)
    func retentionDeletesWhatIsBeyondTheLimits(_ retention: RetentionCase) {
        let expired = BackupRetention.expired(Self.daily.shuffled(), keep: retention.keep, maxAge: retention.maxAgeDays.map { $0 * 86400 }, now: Self.now)
        #expect(expired.sorted() == retention.expired)
    }
}
