import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct CatalogueStoreTests {
    static let declaration = CatalogueDeclaration(
        groups: [GroupSpec(id: "core", name: "核心服务", position: 1)],
        components: [
            .init(spec: ComponentSpec(id: "api", name: "API", groupID: "core", ownerTeam: "platform")),
            .init(spec: ComponentSpec(id: "sms", name: "短信网关"), status: .degradedPerformance),
        ])

    @Test(arguments: TestDatabase.allCases)
    func reloadingTheSameConfigChangesNothing(_ engine: TestDatabase) async throws {
        let clock = TestClock()
        try await engine.withStore(now: clock.now) { store in
            let first = try await store.applyCatalogue(Self.declaration)
            #expect(!first.isEmpty)
            let before = try await store.components()
            clock.advance(by: 3600)
            let second = try await store.applyCatalogue(Self.declaration)
            #expect(second.isEmpty)
            #expect(try await store.components() == before)
            #expect(before.allSatisfy { $0.managedBy == .config })
            #expect(try await store.component(id: "sms").status == .degradedPerformance)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aPinnedStatusIsRestoredOnReloadAndRecordedAsConfig(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            try await store.applyCatalogue(Self.declaration)
            try await store.setStatus(componentID: "sms", to: .majorOutage, source: .manual, actor: "alice")
            try await store.setStatus(componentID: "api", to: .partialOutage, source: .manual, actor: "alice")
            try await store.applyCatalogue(Self.declaration)
            #expect(try await store.component(id: "sms").status == .degradedPerformance)
            #expect(try await store.component(id: "api").status == .partialOutage)
            let latest = try await store.statusChanges(componentID: "sms").first
            #expect(latest?.source == .config)
            #expect(latest?.oldStatus == .majorOutage)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func configManagedEntriesAreNotEditableThroughTheAPI(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            try await store.applyCatalogue(Self.declaration)
            var patch = ComponentPatch()
            patch.name = "Renamed"
            await #expect(throws: StoreError.self) { try await store.updateComponent(id: "api", patch) }
            await #expect(throws: StoreError.self) { try await store.deleteComponentGroup(id: "core") }
            #expect(try await store.component(id: "api").name == "API")
            // Status is runtime state, not declaration: responders still change it.
            #expect(try await store.setStatus(componentID: "api", to: .majorOutage, source: .manual, actor: "a") != nil)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anInvalidFileStoresNothingAtAll(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            var declaration = Self.declaration
            declaration.components.append(.init(spec: ComponentSpec(id: "bad", name: "Bad", runbookURL: "not a url")))
            await #expect(throws: ValidationFailure.self) { try await store.applyCatalogue(declaration) }
            let components = try await store.components()
            let groups = try await store.componentGroups()
            #expect(components.isEmpty && groups.isEmpty)
        }
    }
}

