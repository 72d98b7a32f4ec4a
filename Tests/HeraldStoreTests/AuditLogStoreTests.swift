import Foundation
import SQLKit
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

    /// A responder's retry of a dead letter and an operator's heartbeat monitors are changes like any
    /// other: each leaves an entry with its actor, and none holds the monitor's key or the address.
    @Test(arguments: TestDatabase.allCases)
    func feedbackAndSubscriptionsFromThePublicAreLoggedWithoutTheirWords(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            let integration = try await store.createIntegration(name: "probe", kind: .generic, grouping: Grouping(), notifyGroup: nil).integration
            let alert = IncomingAlert(action: .trigger, dedupKey: "k", summary: "支付失败", sourceSeverity: "error", occurredAt: store.now())
            let incident = try #require(try await store.ingest(alert, integration: integration, severity: .high).incidentID)
            let before = try await store.auditEntries().count
            _ = try await store.createFeedback(
                FeedbackTicket(id: "t1", subject: .incident(incident), contact: "zhou@example.com", message: "还是无法付款", createdAt: store.now(), updatedAt: store.now()),
                client: "203.0.113.9")
            let subscription = try await store.subscribe(
                Subscription(id: "s1", kind: .email, email: "reader@example.com", createdAt: store.now()), client: "203.0.113.9"
            ) { token in NewDelivery(idempotencyKey: "subscribe:\(token)", channel: .email, address: "reader@example.com", severity: .low, body: token) }
            let token = try #require(try await store.read { database in
                try await database.select().column("confirm_token").column("manage_token").from("subscriptions").where("id", .equal, subscription.id).first()
            })
            _ = try await store.confirmSubscription(token: try token.text("confirm_token"))
            _ = try await store.updateSubscription(manageToken: try token.text("manage_token"), components: ["pay"], language: .en)
            _ = try await store.unsubscribeSubscription(manageToken: try token.text("manage_token"))
            try await AuditActor.$current.withValue(Self.admin) {
                _ = try await store.updateFeedback(id: "t1", state: nil, assignee: "wang")
                _ = try await store.replyToFeedback(id: "t1", author: "token:ops", message: "已修复", email: { _ in nil })
            }
            let entries = Array(try await store.auditEntries().dropFirst(before)).filter { $0.targetKind != "contact" }
            #expect(entries.map { "\($0.actor) \($0.targetKind) \($0.action)" } == [
                "public feedback created", "public subscription created", "subscriber subscription confirmed", "subscriber subscription updated",
                "subscriber subscription unsubscribed", "token:ops feedback updated", "token:ops feedback answered",
            ])
            #expect(entries[0].detail == "from 203.0.113.9 about incident \(incident)")
            let written = entries.map { "\($0.change)" }.joined()
            #expect(!written.contains("zhou@example.com") && !written.contains("还是无法付款") && !written.contains("reader@example.com"),
                    "what the public wrote is personal data: the log shows that a field changed, not to what")
            #expect(entries[1].change.fields["email"]?.after == AuditChange.personalMarker)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func retriesAndHeartbeatMonitorsAreLogged(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            try await store.enqueue([NewDelivery(idempotencyKey: "gone", channel: .sms, address: "+8613800000000", severity: .high, body: "x")])
            let queued = try #require(try await store.claimDeliveries(limit: 1).first)
            try await store.transaction { database in
                try await database.update("deliveries").set("state", to: SQLBind(DeliveryState.dead.rawValue)).where("id", .equal, queued.id).run()
            }
            let before = try await store.auditEntries().count
            let (monitor, key) = try await AuditActor.$current.withValue(Self.admin) {
                _ = try await store.retryDeadLetter(id: queued.id)
                let made = try await store.createHeartbeat(
                    NewHeartbeat(name: "nightly-backup", period: 300, grace: 120, teamID: nil, labels: [:], severity: .high))
                _ = try await store.setHeartbeatPaused(id: made.monitor.id, paused: true, at: store.now())
                _ = try await store.setHeartbeatPaused(id: made.monitor.id, paused: true, at: store.now())
                _ = try await store.setHeartbeatPaused(id: made.monitor.id, paused: false, at: store.now())
                try await store.deleteHeartbeat(id: made.monitor.id)
                try await store.replaceAlertRoutes([AlertRoute(matchers: [], team: "payments")])
                try await store.replaceAlertRoutes([AlertRoute(matchers: [], team: "payments")])
                return made
            }
            let entries = Array(try await store.auditEntries().dropFirst(before))
            #expect(entries.map { "\($0.targetKind) \($0.action)" } == [
                "delivery retried", "heartbeat created", "heartbeat paused", "heartbeat resumed", "heartbeat deleted", "alert_routes replaced",
            ], "pausing twice, and the same rules again, change nothing and log nothing")
            #expect(entries.allSatisfy { $0.actor == "token:ops" && $0.role == "admin" })
            #expect(entries[0].targetID == String(queued.id))
            #expect(entries[0].change.fields == ["state": .init(before: .string("dead"), after: .string("pending"))])
            #expect(entries[1...4].allSatisfy { $0.targetID == monitor.id })
            let routes = try #require(entries.last?.change.fields["routes"])
            #expect(routes.before == .array([]))
            guard case .array(let after)? = routes.after, case .object(let rule)? = after.first else {
                Issue.record("the rules after: \(String(describing: routes.after))")
                return
            }
            #expect(rule["team"] == .string("payments"))
            #expect(entries[1].change.fields["name"]?.after == .string("nightly-backup"))
            #expect(entries[1].change.fields["key_hash"]?.after == AuditChange.secretMarker)
            #expect(entries[2].change.fields["paused"] == .init(before: .integer(0), after: .integer(1)))
            let written = entries.map { "\($0.change)" }.joined()
            #expect(!written.contains(key) && !written.contains("+8613800000000"))
        }
    }

    /// Who signed in to the console, from where, and when they left, are in the log; so is the first
    /// admin the setup link made. Ending a session twice is logged once.
    @Test(arguments: TestDatabase.allCases)
    func signingInAndOutAndTheSetupLinkAreLogged(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            let link = try #require(try await store.createSetupLinkIfNoOperators())
            let admin = try #require(try await store.consumeSetupLink(secret: link, email: "li@example.com", name: "李伟", passwordHash: "$2b$12$x"))
            let before = try await store.auditEntries().count
            let phone = try await store.createConsoleSession(operatorID: admin.id, clientAddress: "198.51.100.4")
            try await store.revokeConsoleSession(id: phone.session.id)
            try await store.revokeConsoleSession(id: phone.session.id)
            let laptop = try await store.createConsoleSession(operatorID: admin.id, clientAddress: "198.51.100.4")
            try await store.revokeConsoleSession(id: laptop.session.id, expired: true)
            let all = try await store.auditEntries()
            let made = try #require(all.first { $0.targetID == admin.id && $0.action == "created" })
            #expect(made.actor == "setup link" && made.change.fields["password_hash"]?.after == AuditChange.secretMarker)
            let entries = Array(all.dropFirst(before))
            #expect(entries.map(\.action) == ["signed_in", "signed_out", "signed_in", "session_expired"])
            #expect(entries.allSatisfy {
                $0.actor == "user:li@example.com" && $0.role == "admin" && $0.client == "198.51.100.4" && $0.targetKind == "operator" && $0.targetID == admin.id
            })
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
