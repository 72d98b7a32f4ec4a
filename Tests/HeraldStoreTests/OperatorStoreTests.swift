import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// Operators, their console sessions, failed sign-ins and the setup link, on both engines.
@Suite struct OperatorStoreTests {
    static let hash = "$2b$12$not-a-real-hash-the-store-only-keeps-it"

    @Test(arguments: TestDatabase.allCases)
    func operatorsAreMadeListedDisabledAndChanged(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            #expect(try await store.hasOperators() == false)
            let li = try await store.createOperator(email: " Li@Example.com ", name: "李伟", role: .responder, passwordHash: Self.hash, createdBy: "test")
            #expect(li.email == "li@example.com")
            #expect(li.actor == "user:li@example.com")
            await #expect(throws: StoreError.self) {
                try await store.createOperator(email: "LI@example.com", name: "again", role: .viewer, passwordHash: Self.hash, createdBy: "test")
            }
            _ = try await store.createOperator(email: "ann@example.com", name: "Ann", role: .viewer, passwordHash: Self.hash, createdBy: "test")
            #expect(try await store.hasOperators())
            let first = try await store.operators(page: PageRequest(limit: 1))
            #expect(first.items.map(\.email) == ["ann@example.com"])
            let second = try await store.operators(page: PageRequest(limit: 1, after: first.next))
            #expect(second.items.map(\.email) == ["li@example.com"] && second.next == nil)

            #expect(try await store.operatorCredentials(email: "LI@EXAMPLE.COM")?.passwordHash == Self.hash)
            #expect(try await store.setOperatorRole(id: li.id, .admin).role == .admin)
            let set = try await store.setOperatorPreferences(id: li.id, language: .en, timeZone: "Europe/Berlin")
            #expect(set.language == .en && set.timeZone == "Europe/Berlin")
            try await store.setOperatorPassword(id: li.id, passwordHash: "new", keeping: nil)
            #expect(try await store.operatorCredentials(id: li.id)?.passwordHash == "new")
            #expect(try await store.setOperatorDisabled(id: li.id, true).isDisabled)
            #expect(try await store.setOperatorDisabled(id: li.id, false).isDisabled == false)
            await #expect(throws: StoreError.self) { try await store.setOperatorRole(id: "nobody", .admin) }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aSessionIsFoundByItsSecretUntilRevokedOrItsOperatorIsDisabled(_ engine: TestDatabase) async throws {
        let clock = TestClock()
        try await engine.withStore(now: clock.now) { store in
            let li = try await store.createOperator(email: "li@example.com", name: "李伟", role: .admin, passwordHash: Self.hash, createdBy: "test")
            let phone = try await store.createConsoleSession(operatorID: li.id, clientAddress: "10.0.0.1")
            let laptop = try await store.createConsoleSession(operatorID: li.id, clientAddress: "10.0.0.2")
            #expect(phone.secret.count == 64)
            let found = try #require(try await store.consoleSession(secret: phone.secret))
            #expect(found.session.id == phone.session.id && found.operator.email == "li@example.com" && found.session.clientAddress == "10.0.0.1")
            #expect(try await store.consoleSession(secret: String(repeating: "0", count: 64)) == nil)

            clock.advance(by: 120)
            try await store.touchConsoleSession(id: phone.session.id)
            #expect(try await store.consoleSession(secret: phone.secret)?.session.lastSeenAt == clock.now())

            // Log out everywhere else: the laptop's session ends, the phone's stays.
            #expect(try await store.revokeConsoleSessions(operatorID: li.id, except: phone.session.id) == 1)
            #expect(try await store.consoleSession(secret: laptop.secret) == nil)
            #expect(try await store.consoleSessions(operatorID: li.id).map(\.id) == [phone.session.id])

            // A disabled operator's sessions end, and do not come back when they are enabled.
            try await store.setOperatorDisabled(id: li.id, true)
            #expect(try await store.consoleSession(secret: phone.secret) == nil)
            try await store.setOperatorDisabled(id: li.id, false)
            #expect(try await store.consoleSession(secret: phone.secret) == nil)

            let again = try await store.createConsoleSession(operatorID: li.id, clientAddress: "10.0.0.1")
            try await store.revokeConsoleSession(id: again.session.id)
            try await store.revokeConsoleSession(id: again.session.id)
            #expect(try await store.consoleSession(secret: again.secret) == nil)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func loginFailuresAreCountedPerAccountAndAddress(_ engine: TestDatabase) async throws {
        let clock = TestClock()
        try await engine.withStore(now: clock.now) { store in
            for _ in 0..<3 { try await store.recordLoginFailure(email: "Li@example.com", clientAddress: "10.0.0.1") }
            try await store.recordLoginFailure(email: "ann@example.com", clientAddress: "10.0.0.1")
            clock.advance(by: 60)
            let recent = try await store.loginFailures(email: "li@example.com", clientAddress: "10.0.0.1", since: clock.now().addingTimeInterval(-900))
            #expect(recent.account.count == 3 && recent.address.count == 4)
            #expect(try await store.loginFailures(email: "li@example.com", clientAddress: "10.0.0.9", since: clock.now()).account.isEmpty)
            try await store.clearLoginFailures(email: "LI@example.com")
            let cleared = try await store.loginFailures(email: "li@example.com", clientAddress: "10.0.0.1", since: clock.now().addingTimeInterval(-900))
            #expect(cleared.account.isEmpty && cleared.address.count == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theSetupLinkMakesOneAdminOnceAndANewLinkReplacesTheOld(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            let old = try #require(try await store.createSetupLinkIfNoOperators())
            let link = try #require(try await store.createSetupLinkIfNoOperators())
            #expect(old != link)
            #expect(try await store.setupLinkIsOpen(secret: old) == false)
            #expect(try await store.consumeSetupLink(secret: old, email: "a@example.com", name: "A", passwordHash: Self.hash) == nil)
            #expect(try await store.setupLinkIsOpen(secret: link))
            let admin = try #require(try await store.consumeSetupLink(secret: link, email: "li@example.com", name: "李伟", passwordHash: Self.hash))
            #expect(admin.role == .admin && admin.createdBy == "setup link")
            #expect(try await store.setupLinkIsOpen(secret: link) == false)
            #expect(try await store.consumeSetupLink(secret: link, email: "b@example.com", name: "B", passwordHash: Self.hash) == nil)
            #expect(try await store.createSetupLinkIfNoOperators() == nil)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func secondFactorAndRecoveryCodes(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            let li = try await store.createOperator(email: "li@example.com", name: "李伟", role: .admin, passwordHash: Self.hash, createdBy: "test")
            try await store.setPendingSecondFactor(id: li.id, secret: "pending")
            let pending = try #require(try await store.operatorCredentials(id: li.id))
            #expect(pending.pendingTOTPSecret == "pending" && pending.totpSecret == nil && !pending.account.hasSecondFactor)
            try await store.enableSecondFactor(id: li.id, secret: "pending", recoveryCodeHashes: ["h1", "h2"])
            let on = try #require(try await store.operatorCredentials(id: li.id))
            #expect(on.totpSecret == "pending" && on.pendingTOTPSecret == nil && on.account.hasSecondFactor)
            #expect(try await store.useRecoveryCode(operatorID: li.id, codeHash: "h1"))
            #expect(try await store.useRecoveryCode(operatorID: li.id, codeHash: "h1") == false)
            #expect(try await store.useRecoveryCode(operatorID: li.id, codeHash: "nope") == false)
            #expect(try await store.unusedRecoveryCodes(operatorID: li.id) == 1)
            try await store.disableSecondFactor(id: li.id)
            #expect(try await store.operatorCredentials(id: li.id)?.account.hasSecondFactor == false)
            #expect(try await store.unusedRecoveryCodes(operatorID: li.id) == 0)
        }
    }
}
