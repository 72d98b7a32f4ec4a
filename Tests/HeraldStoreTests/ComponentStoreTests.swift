import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct ComponentStoreTests {
    @Test(arguments: TestDatabase.allCases)
    func componentsAreStoredAndListedInDisplayOrder(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            let group = try await store.createComponentGroup(GroupSpec(id: "core", name: "核心服务"))
            _ = try await store.createComponent(ComponentSpec(id: "web", name: "网站", groupID: group.id, position: 2))
            let api = try await store.createComponent(
                ComponentSpec(name: "API", description: "对外接口", groupID: "core", position: 1,
                              runbookURL: "https://wiki.example.com/api", ownerTeam: "platform"))
            #expect(api.id.count == 12)
            #expect(api.status == .operational)
            let listed = try await store.components()
            #expect(listed.map(\.name) == ["API", "网站"])
            #expect(listed.first == api)
            #expect(try await store.component(id: api.id).runbookURL == "https://wiki.example.com/api")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aDuplicateIdOrAnUnknownGroupIsRefusedAndNothingIsStored(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            _ = try await store.createComponent(ComponentSpec(id: "api", name: "API"))
            await #expect(throws: StoreError.conflict(FieldError("id", "a component with id 'api' already exists"))) {
                try await store.createComponent(ComponentSpec(id: "api", name: "Another"))
            }
            await #expect(throws: StoreError.invalid([FieldError("group_id", "no component group with id 'nope'")])) {
                try await store.createComponent(ComponentSpec(id: "web", name: "Web", groupID: "nope"))
            }
            #expect(try await store.components().map(\.id) == ["api"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func everyStatusChangeIsRecordedWithSourceAndActor(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            let api = try await store.createComponent(ComponentSpec(id: "api", name: "API"))
            let first = try await store.setStatus(
                componentID: api.id, to: .majorOutage, source: .manual, actor: "alice", reason: "数据库不可用")
            #expect(first?.oldStatus == .operational)
            #expect(first?.newStatus == .majorOutage)
            #expect(first?.actor == "alice")
            #expect(first?.reason == "数据库不可用")
            // Setting the status it already has is not a change.
            #expect(try await store.setStatus(componentID: api.id, to: .majorOutage, source: .manual, actor: "bob") == nil)
            try await store.setStatus(componentID: api.id, to: .operational, source: .alert, actor: "alertmanager")

            let history = try await store.statusChanges(componentID: api.id)
            #expect(history.map(\.newStatus) == [.operational, .majorOutage])
            #expect(history.map(\.source) == [.alert, .manual])
            #expect(try await store.component(id: "api").status == .operational)
            let older = try await store.statusChanges(componentID: api.id, before: history[0].id)
            #expect(older.map(\.newStatus) == [.majorOutage])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aPatchChangesOnlyTheNamedFields(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            _ = try await store.createComponent(
                ComponentSpec(id: "api", name: "API", description: "old", ownerTeam: "platform"))
            var patch = ComponentPatch()
            patch.name = "Public API"
            patch.description = .clear
            let updated = try await store.updateComponent(id: "api", patch)
            #expect(updated.name == "Public API")
            #expect(updated.description == nil)
            #expect(updated.ownerTeam == "platform")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func deletingAGroupKeepsItsComponentsUngrouped(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            _ = try await store.createComponentGroup(GroupSpec(id: "core", name: "Core"))
            _ = try await store.createComponent(ComponentSpec(id: "api", name: "API", groupID: "core"))
            try await store.deleteComponentGroup(id: "core")
            #expect(try await store.component(id: "api").groupID == nil)
            try await store.deleteComponent(id: "api")
            await #expect(throws: StoreError.notFound(kind: "component", id: "api")) {
                try await store.component(id: "api")
            }
        }
    }
}
