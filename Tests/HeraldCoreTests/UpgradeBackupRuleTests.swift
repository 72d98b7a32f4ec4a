import HeraldCore
import Testing

@Suite struct UpgradeBackupRuleTests {
    static let mebibyte: Int64 = 1 << 20

    @Test(arguments: [
        // schema, known, database MiB, free MiB, decision
        (0, 29, 1, 10_000, UpgradeBackupRule.Decision.migrateWithoutBackup),  // a new database: nothing to undo
        (29, 29, 500, 10_000, .migrateWithoutBackup),  // already current
        (30, 29, 500, 10_000, .migrateWithoutBackup),  // newer than this build: the store refuses it, not this rule
        (28, 29, 500, 10_000, .backUp(from: 28, to: 29)),
        (3, 29, 100, 264, .backUp(from: 3, to: 29)),  // exactly 2 × 100 + 64 free
        (3, 29, 100, 263, .refuse(needed: 264 * mebibyte, free: 263 * mebibyte)),
        (28, 29, 4_000, 1_000, .refuse(needed: 8_064 * mebibyte, free: 1_000 * mebibyte)),
    ])
    func aStartBacksUpOnlyWhatItIsAboutToMigrateAndOnlyWithRoom(
        _ schema: Int, _ known: Int, _ databaseMiB: Int64, _ freeMiB: Int64, _ expected: UpgradeBackupRule.Decision
    ) {
        let facts = UpgradeBackupRule.Facts(
            schemaVersion: schema, knownSchemaVersion: known, databaseBytes: databaseMiB * Self.mebibyte, freeBytes: freeMiB * Self.mebibyte)
        #expect(UpgradeBackupRule.decide(facts) == expected)
    }
}
