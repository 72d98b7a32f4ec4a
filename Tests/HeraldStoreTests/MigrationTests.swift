import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct MigrationTests {
    @Test(arguments: TestDatabase.allCases)
    func migratingTwiceAppliesNothingTheSecondTime(_ engine: TestDatabase) async throws {
        try await engine.withEmptyDatabase { location in
            try await Store.withStore(location, logger: TestDatabase.logger) { store in
                #expect(try await store.schemaVersion() == 0)
                let first = try await store.migrate()
                #expect(first == Array(1...Store.latestSchemaVersion))
                let second = try await store.migrate()
                #expect(second.isEmpty)
                #expect(try await store.schemaVersion() == Store.latestSchemaVersion)
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func twoNodesMigratingAtOnceBothSucceed(_ engine: TestDatabase) async throws {
        try await engine.withEmptyDatabase { location in
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await Store.withStore(location, logger: TestDatabase.logger) { try await $0.migrate() }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            #expect(applied.sorted() == Array(1...Store.latestSchemaVersion))
        }
    }
}
