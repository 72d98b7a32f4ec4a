import Foundation
import HeraldCore
import HeraldTestSupport
import SQLKit
import Testing

@testable import HeraldStore

/// Transactions that run at once (a burst of alerts, a fan-out beside them) share commits on
/// SQLite. Each must still be all-or-nothing on its own, and see what those before it wrote.
@Suite struct GroupCommitTests {
    /// 60 transactions at once, each writing two rows; every fifth writes its first row and then
    /// fails. The failing ones leave nothing, and the others are all kept, on both engines.
    @Test(arguments: TestDatabase.allCases)
    func aFailingTransactionLeavesNothingAndTheOthersBesideItAreKept(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<60 {
                    group.addTask {
                        do {
                            try await store.transaction { database in
                                try await Self.insertContact(database, id: "c\(index)-a")
                                if index.isMultiple(of: 5) { throw Refused() }
                                try await Self.insertContact(database, id: "c\(index)-b")
                            }
                            return (index, true)
                        } catch is Refused {
                            return (index, false)
                        } catch {
                            Issue.record("transaction \(index) failed with \(error)")
                            return (index, false)
                        }
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.count == 60)
            #expect(outcomes.filter { !$0.value }.map(\.key).sorted() == Array(stride(from: 0, to: 60, by: 5)))
            let stored = Set(try await store.read { database in
                try await database.select().column("id").from("contacts").all().map { try $0.decode(column: "id", as: String.self) }
            })
            for index in 0..<60 {
                let kept = !index.isMultiple(of: 5)
                #expect(stored.contains("c\(index)-a") == kept, "transaction \(index)'s first row")
                #expect(stored.contains("c\(index)-b") == kept, "transaction \(index)'s second row")
            }
        }
    }

    /// Transactions that read what they write see each other's commits in order: 100 increments of
    /// one counter at once, each read-then-write, end at 100.
    @Test(arguments: TestDatabase.allCases)
    func readThenWriteTransactionsAtOnceLoseNoUpdate(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            try await store.transaction { database in try await Self.insertContact(database, id: "counter") }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<100 {
                    group.addTask {
                        try await store.transaction { database in
                            var query = database.select().column("name").from("contacts").where("id", .equal, "counter")
                            // PostgreSQL runs transactions side by side: a read-then-write locks its row.
                            if store.dialect == .postgres { query = query.for(.update) }
                            let row = try await query.first()
                            let value = Int(try row?.decode(column: "name", as: String.self) ?? "") ?? 0
                            try await database.update("contacts").set("name", to: SQLBind(String(value + 1))).where("id", .equal, "counter").run()
                        }
                    }
                }
                try await group.waitForAll()
            }
            let counter = try await store.read { database in
                try await database.select().column("name").from("contacts").where("id", .equal, "counter").first()?.decode(column: "name", as: String.self)
            }
            #expect(counter == "100")
        }
    }

    struct Refused: Error {}

    static func insertContact(_ database: any SQLDatabase, id: String) async throws {
        try await database.insert(into: "contacts")
            .columns(
                "id", "name", "language", "time_zone", "groups_json", "roles_json", "addresses_json", "preferences_json", "subscriptions_json",
                "consent", "created_at")
            .values(
                SQLBind(id), SQLBind("0"), SQLBind("zh-CN"), SQLBind("Asia/Shanghai"), SQLBind("[]"), SQLBind("[]"), SQLBind("{}"), SQLBind("[]"),
                SQLBind("[]"), SQLBind("granted"), SQLBind(Int64(0)))
            .run()
    }
}
