import Foundation
import HeraldCore
@testable import HeraldStore
import HeraldTestSupport
import Testing

/// A store shut down while its connections are still being opened closes every one of them: SQLiteNIO
/// traps (debug) or leaks the file (release) on a connection dropped open.
@Suite struct StoreShutdownTests {
    @Test func shuttingDownWhileConnectionsOpenLeavesNoneOpen() async throws {
        for _ in 0..<40 {
            try await TestDatabase.sqlite.withEmptyDatabase { location in
                try await Store.withStore(location, logger: TestDatabase.logger) { store in
                    // Requests that are still opening their connections when the store goes away.
                    for _ in 0..<12 {
                        Task { try? await store.read { database in try await database.raw("SELECT 1").run() } }
                    }
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0...3)))
                }
            }
        }
    }
}
