import Foundation
import HeraldCore
@testable import HeraldStore
import HeraldTestSupport
import Testing

/// The audit log on both engines: one entry per change, in the change's own transaction, chained,
/// under the actor of the task, and never holding a secret.
@Suite struct AuditLogStoreTests {
    static let admin = AuditActor(name: "token:ops", role: "admin", client: "203.0.113.7")

    @Test(arguments: TestDatabase.allCases)
    func eachChangeAppendsOneChainedEntryWithItsActorAndWhatChanged(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            try await AuditActor.$current.withValue(Self.admin) {
                _ = try await store.createComponent(ComponentSpec(id: "api", name: "API"))
                try await store.setStatus(componentID: "api", to: .majorOutage, source: .manual, actor: "token:ops", reason: "数据库故障")
                var rename = ComponentPatch()
                rename.name = "API 网关"
                _ = try await store.updateComponent(id: "api", rename)
            }
            let entries = try await store.auditEntries()
            try #require(entries.count == 3, "\(entries.map { "\($0.action) \($0.change.fields.keys.sorted()) \($0.detail ?? "")" })")
            #expect(entries.map(\.sequence) == [1, 2, 3])
            #expect(entries.map(\.action) == ["created", "updated", "updated"])
            #expect(entries.allSatisfy { $0.actor == "token:ops" && $0.role == "admin" && $0.client == "203.0.113.7" && $0.targetID == "api" })
            #expect(entries[1].change.fields["status"] == .init(before: .string("operational"), after: .string("major_outage")))
            #expect(entries[1].detail == "数据库故障")
            #expect(entries[2].change.fields.keys.sorted() == ["name"])
            #expect(entries[0].previousHash == AuditChain.genesis && entries[1].previousHash == entries[0].hash)
            let verdict = AuditChain.verify(entries, checkpoints: [], digest: AuditDigest.sha256) { _ in true }
            #expect(verdict.faults.isEmpty)
        }
    }

    /// A change that fails after its entry was written takes the entry with it; a change that
    /// commits is never without its entry.
    @Test(arguments: TestDatabase.allCases)
    func aFailedChangeLeavesNoEntry(_ engine: TestDatabase) async throws {
        struct Interrupted: Error {}
        try await engine.withStore { store in
            _ = try await store.createComponent(ComponentSpec(id: "api", name: "API"))
            await #expect(throws: Interrupted.self) {
                try await store.transaction { database in
                    _ = try await Store.setStatus(
                        database, dialect: store.dialect, componentID: "api", to: .majorOutage, source: .manual, actor: "t", reason: nil,
                        at: store.timestamp())
                    throw Interrupted()
                }
            }
            #expect(try await store.component(id: "api").status == .operational)
            #expect(try await store.auditEntries().map(\.action) == ["created"])
            // Refused before it writes (an unknown component): nothing changes, nothing is logged.
            await #expect(throws: (any Error).self) { try await store.updateComponent(id: "nope", ComponentPatch()) }
            #expect(try await store.auditEntries().count == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func noSecretIsEverWritten(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            let issued = try await store.createToken(name: "ci", role: .admin, createdBy: "test")
            let account = try await store.createOperator(
                email: "li@example.com", name: "李伟", role: .admin, passwordHash: "$2b$12$SECRETHASHVALUExxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", createdBy: "test")
            try await store.setOperatorPassword(id: account.id, passwordHash: "$2b$12$OTHERHASHVALUEyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", keeping: nil)
            try await store.enableSecondFactor(id: account.id, secret: "JBSWY3DPEHPK3PXPTOTP", recoveryCodeHashes: ["r1"])
            _ = try await store.revokeToken(id: issued.token.id)
            let rows = try await store.read { database in try await database.raw("SELECT * FROM audit_events").all() }
            let dumped = rows.map { row in row.allColumns.map { (try? row.decode(column: $0, as: String?.self)) ?? nil }.compactMap { $0 }.joined(separator: " ") }
                .joined(separator: "\n")
            #expect(rows.count == 5)
            for secret in [issued.secret, Store.sha256(issued.secret), "SECRETHASHVALUE", "OTHERHASHVALUE", "JBSWY3DPEHPK3PXPTOTP"] {
                #expect(!dumped.contains(secret), "\(secret) in the log")
            }
            let entries = try await store.auditEntries()
            #expect(entries[2].change.fields["password_hash"] == .init(before: AuditChange.secretMarker, after: AuditChange.secretMarker))
            #expect(entries[3].change.fields["totp_secret"] == .init(before: nil, after: AuditChange.secretMarker))
            #expect(entries[4].action == "revoked" && entries[4].change.fields["revoked_at"]?.before == nil)
        }
    }

    /// Entries from two stores at once on one database (two nodes; on SQLite one store's writers) still form one line.
    @Test(arguments: TestDatabase.allCases)
    func concurrentChangesStayOneChain(_ engine: TestDatabase) async throws {
        try await engine.withEmptyDatabase { location in
            try await Store.withStore(location, logger: TestDatabase.logger) { first in
                try await first.migrate()
                try await Store.withStore(location, logger: TestDatabase.logger) { other in
                    // SQLite has one writer per file: a second store on it would only wait in its busy handler.
                    let second = engine == .postgres ? other : first
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for (index, store) in [first, second, first, second].enumerated() {
                            group.addTask {
                                for round in 0..<5 { _ = try await store.createComponent(ComponentSpec(id: "c\(index)-\(round)", name: "C")) }
                            }
                        }
                        try await group.waitForAll()
                    }
                    let entries = try await first.auditEntries()
                    #expect(entries.map(\.sequence) == Array(1...20))
                    #expect(AuditChain.verify(entries, checkpoints: [], digest: AuditDigest.sha256) { _ in true }.faults.isEmpty)
                }
            }
        }
    }

    /// Entries written before the log was a chain are sealed into it, in their order, by the migration.
    @Test(arguments: TestDatabase.allCases)
    func entriesFromBeforeTheChainAreSealedIntoIt(_ engine: TestDatabase) async throws {
        try await engine.withEmptyDatabase { location in
            try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.migrate(through: 27)
                try await store.transaction { database in
                    try await database.raw("""
                        INSERT INTO audit_events (at, actor, action, record_kind, record_id, detail)
                        VALUES (1000, 'token:admin', 'erased', 'contact', 'li', 'contact deleted'), (2000, 'token:admin', 'deleted', 'team', 'ops', NULL)
                        """).run()
                }
                #expect(try await store.migrate().first == 28, "the chain's migration seals them")
                _ = try await store.createComponent(ComponentSpec(id: "api", name: "API"))
                let entries = try await store.auditEntries()
                #expect(entries.map(\.sequence) == [1, 2, 3])
                #expect(entries.map(\.action) == ["erased", "deleted", "created"])
                #expect(AuditChain.verify(entries, checkpoints: [], digest: AuditDigest.sha256) { _ in true }.faults.isEmpty)
            }
        }
    }
}
