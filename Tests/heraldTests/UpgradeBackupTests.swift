import Foundation
import HeraldStore
import HeraldTestSupport
import Testing

/// A start that migrates an embedded database to a newer schema keeps a copy of it as it was first.
@Suite struct UpgradeBackupTests {
    @Test func migratingAnOlderDatabaseBacksItUpFirstAndTheCopyUndoesTheUpgrade() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("data/herald.sqlite").path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let older = Store.latestSchemaVersion - 1
        // A database the previous release left: its schema one migration behind, with a token in it.
        try await Store.withStore(.sqlite(path: path), logger: TestDatabase.logger) { store in
            _ = try await store.migrate(through: older)
            _ = try await store.createToken(name: "on-call laptop", role: .admin, createdBy: "test")
        }

        let upgraded = try await HeraldProcess.run(["migrate", "--database", "sqlite:\(path)"], in: directory)
        #expect(upgraded.status == 0, "\(upgraded.stderr)")
        let backup = try #require(
            upgraded.stdout.firstMatch(of: /backed up the database to (\S+herald-backup-\d{8}T\d{6}Z) before migrating it/)?.output.1,
            "\(upgraded.stdout)")
        #expect(backup.hasPrefix(directory.appendingPathComponent("data/backups/").path), "beside the database")
        #expect(upgraded.stdout.contains("to undo the upgrade: stop Herald, copy \(backup)/herald.sqlite over \(path)"), "\(upgraded.stdout)")
        #expect(upgraded.stdout.contains("schema is at version \(Store.latestSchemaVersion)"), "\(upgraded.stdout)")

        // The copy is the database as it was: the older schema, the same token.
        let copy = String(backup) + "/herald.sqlite"
        let (version, tokens) = try await Store.withStore(.sqlite(path: copy), logger: TestDatabase.logger) { store in
            (try await store.schemaVersion(), try await store.tokens().map(\.name))
        }
        #expect(version == older)
        #expect(tokens == ["on-call laptop"])
        let verified = try await HeraldProcess.run(["backup", "verify", String(backup), "--database", "sqlite:\(path)"], in: directory)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")

        // A database already current is not copied again.
        let again = try await HeraldProcess.run(["migrate", "--database", "sqlite:\(path)"], in: directory)
        #expect(again.status == 0 && !again.stdout.contains("backed up"), "\(again.stdout)")
        let backups = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("data/backups").path)
        #expect(backups.count == 1, "\(backups)")
    }

    @Test func aNewDatabaseIsNotBackedUp() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let made = try await HeraldProcess.run(["migrate", "--database", "sqlite:data/herald.sqlite"], in: directory)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(!made.stdout.contains("backed up"), "\(made.stdout)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/backups").path))
    }
}
