import Foundation
import HeraldApp
import HeraldCore
@testable import HeraldStore
import HeraldTestSupport
import Testing

/// `herald audit verify` and `export`, run as the real binary against a log tampered with in the database.
@Suite struct AuditCommandTests {
    enum Tamper: String, CaseIterable, Sendable { case edit, delete, insert, foreignCheckpoint }

    /// A database with three changes made through the CLI and a checkpoint signed with the key the config names.
    func withLog(_ engine: TestDatabase, _ body: @escaping @Sendable (DatabaseLocation, URL, [String]) async throws -> Void) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await engine.withEmptyDatabase { location in
            let key = directory.appendingPathComponent("keys/audit.key").path
            let config = directory.appendingPathComponent("herald.yaml")
            try "audit:\n  signing_key_file: \(key)\n".write(to: config, atomically: true, encoding: .utf8)
            let common = ["--config", config.path, "--database", location.argument]
            try await HeraldProcess.migrate(["--database", location.argument], in: directory)
            for name in ["ci", "grafana", "backup"] {
                let made = try await HeraldProcess.run(["token", "create", "--role", "viewer", "--name", name] + common, in: directory)
                #expect(made.status == 0, "\(made.stderr)")
            }
            let signer = try AuditSigningKey.loadOrCreate(path: key)
            let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            try await Store.withStore(location, logger: TestDatabase.logger) { store in
                let head = try await store.auditHead()
                #expect(head.sequence == 3)
                try await store.addAuditCheckpoint(try signer.checkpoint(sequence: head.sequence, hash: head.hash, at: Date()))
            }
            let intact = try await HeraldProcess.run(["audit", "verify"] + common, in: directory)
            #expect(intact.status == 0, "\(intact.stderr)")
            #expect(intact.stdout.contains("the audit log verifies: 3 entries, 1 checkpoints signed by \(signer.publicKey)"), "\(intact.stdout)")
            try await body(location, directory, common)
        }
    }

    @Test(arguments: TestDatabase.allCases, Tamper.allCases)
    func tamperingWithTheLogIsNamedByVerify(_ engine: TestDatabase, _ tamper: Tamper) async throws {
        try await withLog(engine) { location, directory, common in
            try await Store.withStore(location, logger: TestDatabase.logger) { store in
                switch tamper {
                case .edit:
                    try await store.transaction { database in
                        try await database.raw("UPDATE audit_events SET actor = 'cli:nobody' WHERE sequence = 2").run()
                    }
                case .delete:
                    try await store.transaction { database in try await database.raw("DELETE FROM audit_events WHERE sequence = 2").run() }
                case .insert:
                    // A forged entry sealed as Herald would seal it, claiming the second place.
                    let entries = try await store.auditEntries()
                    var forged = entries[1]
                    forged.action = "revoked"
                    let sealed = AuditChain.sealed(forged, digest: AuditDigest.sha256)
                    try await store.transaction { database in try await Store.insertAudit(database, sealed) }
                case .foreignCheckpoint:
                    let head = try await store.auditHead()
                    let other = AuditSigningKey.generated()
                    try await store.addAuditCheckpoint(try other.checkpoint(sequence: head.sequence, hash: head.hash, at: Date()))
                }
            }
            let checked = try await HeraldProcess.run(["audit", "verify"] + common, in: directory)
            #expect(checked.status != 0)
            let expected =
                switch tamper {
                case .edit: "entry 2 was edited"
                case .delete: "entry 2 is missing"
                case .insert: "entry 2 appears twice"
                case .foreignCheckpoint: "the checkpoint at entry 3"
                }
            #expect(checked.stderr.contains("the audit log does not verify: \(expected)"), "\(checked.stderr)")
        }
    }

    /// The export checks offline with nothing but itself (and, to be sure, the key recorded at setup);
    /// a line changed in the file is named just as in the database.
    @Test(arguments: TestDatabase.allCases)
    func anExportVerifiesOfflineAndAChangedLineIsNamed(_ engine: TestDatabase) async throws {
        try await withLog(engine) { _, directory, common in
            let file = directory.appendingPathComponent("audit.jsonl").path
            let exported = try await HeraldProcess.run(["audit", "export", "--output", file] + common, in: directory)
            #expect(exported.status == 0, "\(exported.stderr)")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let lines = text.split(separator: "\n")
            #expect(lines.count == 5, "a header, three entries, one checkpoint")
            #expect(lines[0].contains(#""type":"header""#) && lines[4].contains(#""type":"checkpoint""#))
            let offline = try await HeraldProcess.run(["audit", "verify", "--file", file], in: directory)
            #expect(offline.status == 0, "\(offline.stderr)")
            #expect(offline.stdout.contains("3 entries, 1 checkpoints"))
            let wrongKey = try await HeraldProcess.run(
                ["audit", "verify", "--file", file, "--public-key", AuditSigningKey.generated().publicKey], in: directory)
            #expect(wrongKey.status != 0 && wrongKey.stderr.contains("the checkpoint at entry 3"), "\(wrongKey.stderr)")

            try text.replacingOccurrences(of: #""target_kind":"token""#, with: #""target_kind":"contact""#, options: [], range: text.range(of: lines[2]))
                .write(toFile: file, atomically: true, encoding: .utf8)
            let changed = try await HeraldProcess.run(["audit", "verify", "--file", file], in: directory)
            #expect(changed.status != 0)
            #expect(changed.stderr.contains("entry 2 was edited"), "\(changed.stderr)")

            let since = try await HeraldProcess.run(["audit", "export", "--since", "2000-01-01T00:00:00Z"] + common, in: directory)
            #expect(since.stdout.split(separator: "\n").count == 5, "\(since.stdout)")
        }
    }

    /// The first start makes the signing key (0600, beside the SQLite file); stopping signs a
    /// checkpoint that covers everything written up to the stop, which verify then checks.
    @Test func serveMakesTheKeyAndSignsOnShutdown() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await RunningServer([], in: directory)
        _ = try await server.baseURL()
        let key = directory.appendingPathComponent("herald-data/audit-signing.key").path
        #expect(try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int == 0o600)
        #expect(try await server.stop() == 0)
        let checked = try await HeraldProcess.run(["audit", "verify"], in: directory)
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.contains("1 checkpoints signed by \(try AuditSigningKey.load(path: key).publicKey)"), "\(checked.stdout)")
        try await Store.withStore(.sqlite(path: directory.appendingPathComponent("herald-data/herald.sqlite").path), logger: TestDatabase.logger) { store in
            let checkpoints = try await store.auditCheckpoints()
            let head = try await store.auditHead()
            #expect(checkpoints.count == 1 && checkpoints.first?.sequence == head.sequence && checkpoints.first?.hash == head.hash)
            #expect(try await store.auditEntries().contains { $0.targetKind == "token" && $0.action == "created" }, "the bootstrap token")
        }
    }
}
