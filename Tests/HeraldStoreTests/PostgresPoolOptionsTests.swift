import Foundation
import HeraldTestSupport
import Testing

@testable import HeraldStore

/// What the PostgreSQL URL may say about the node's pool, and what a wrong value is told.
@Suite struct PostgresPoolOptionsTests {
    @Test func theDefaultsAreTwentyConnectionsAndTenSeconds() throws {
        let options = try PoolOptions(url: "postgres://herald@db.example.com:5432/herald?sslmode=require")
        #expect(options.maximumConnections == 20)
        #expect(options.connectTimeout == .seconds(10))
    }

    @Test func libpqsConnectTimeoutAndPgxsPoolSizeAreRead() throws {
        let options = try PoolOptions(url: "postgres://herald@db.example.com/herald?connect_timeout=30&pool_max_conns=5")
        #expect(options.maximumConnections == 5)
        #expect(options.connectTimeout == .seconds(30))
    }

    @Test(arguments: ["pool_max_conns=0", "pool_max_conns=many", "connect_timeout=-1", "connect_timeout=601"])
    func aValueOutOfRangeIsRefusedByName(_ query: String) throws {
        let name = String(query.prefix { $0 != "=" })
        #expect {
            try PoolOptions(url: "postgres://herald@db.example.com/herald?\(query)")
        } throws: { error in
            "\(error)".contains(name) && "\(error)".contains("must be a whole number")
        }
    }

    /// What PostgreSQL said reaches the error, not PostgresNIO's generic sentence.
    @Test func aFailedStatementNamesItsSQLSTATEAndTheServersMessage() async throws {
        _ = try await TestDatabase.postgres.withStore { store in
            await #expect {
                try await store.backend.withConnection { database in try await database.raw("SELECT * FROM no_such_table").run() }
            } throws: { error in
                let failure = error as? PostgresFailure
                return failure?.sqlState == "42P01" && failure?.description.contains("relation \"no_such_table\" does not exist") == true
            }
        }
    }
}
