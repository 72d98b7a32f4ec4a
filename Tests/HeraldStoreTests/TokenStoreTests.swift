import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct TokenStoreTests {
    @Test(arguments: TestDatabase.allCases)
    func aTokenAuthenticatesByItsSecretUntilRevoked(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            let issued = try await store.createToken(name: "grafana", role: .responder, createdBy: "alice")
            #expect(issued.secret.hasPrefix("hrld_"))
            #expect(issued.token.hint == String(issued.secret.suffix(4)))
            #expect(try await store.authenticate(secret: issued.secret)?.role == .responder)
            #expect(try await store.authenticate(secret: issued.secret + "x") == nil)
            #expect(try await store.authenticate(secret: "hrld_" + String(repeating: "0", count: 48)) == nil)

            let revoked = try await store.revokeToken(id: issued.token.id)
            #expect(revoked.revokedAt != nil)
            #expect(try await store.authenticate(secret: issued.secret) == nil)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func listedTokensNeverCarryTheSecret(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            let issued = try await store.createToken(name: "ci", role: .viewer, createdBy: "alice")
            let listed = try await store.tokens()
            #expect(listed.map(\.id) == [issued.token.id])
            #expect(!"\(listed)".contains(issued.secret))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theBootstrapTokenIsMadeOnceEvenWhenTwoNodesStartTogether(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            let made = try await withThrowingTaskGroup(of: IssuedToken?.self) { group in
                for _ in 0..<4 { group.addTask { try await store.createBootstrapTokenIfNone() } }
                return try await group.reduce(into: [IssuedToken]()) { if let token = $1 { $0.append(token) } }
            }
            #expect(made.count == 1)
            #expect(made.first?.token.role == .admin)
            #expect(try await store.createBootstrapTokenIfNone() == nil)
            #expect(try await store.tokens().count == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func lastUseIsRecordedAtMostOncePerMinute(_ engine: TestDatabase) async throws {
        let clock = TestClock()
        try await engine.withStore(now: clock.now) { store in
            let issued = try await store.createToken(name: "ci", role: .viewer, createdBy: "alice")
            #expect(try await store.tokens().first?.lastUsedAt == nil)
            _ = try await store.authenticate(secret: issued.secret)
            let first = try #require(try await store.tokens().first?.lastUsedAt)
            clock.advance(by: 30)
            _ = try await store.authenticate(secret: issued.secret)
            #expect(try await store.tokens().first?.lastUsedAt == first)
            clock.advance(by: 60)
            _ = try await store.authenticate(secret: issued.secret)
            #expect(try await store.tokens().first?.lastUsedAt == first.addingTimeInterval(90))
        }
    }
}
