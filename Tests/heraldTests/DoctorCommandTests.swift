import Foundation
import HeraldStore
import HeraldTestSupport
import Testing

/// `herald doctor`, run as an operator runs it before (and after) a first start.
@Suite struct DoctorCommandTests {
    @Test(arguments: TestDatabase.allCases)
    func aCurrentDatabaseIsGoodAndWhatIsMissingIsSaidWithItsFix(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await engine.withEmptyDatabase { location in
            try await HeraldProcess.migrate(["--database", location.argument], in: directory)
            let checked = try await HeraldProcess.run(["doctor", "--database", location.argument], in: directory)
            #expect(checked.status == 0, "warnings only: \(checked.stdout)\(checked.stderr)")
            #expect(checked.stdout.contains("ok      database: schema version \(Store.latestSchemaVersion), the one this Herald knows"), "\(checked.stdout)")
            #expect(checked.stdout.contains("warning public_url: server.public_url is not set"), "\(checked.stdout)")
            #expect(checked.stdout.contains("        fix: set server.public_url to the address people reach Herald at"), "\(checked.stdout)")
            #expect(checked.stdout.contains("warning channels: channels ready:"), "no email, SMS or voice: \(checked.stdout)")
            // PostgreSQL has a clock of its own to compare with; SQLite has none.
            #expect(checked.stdout.contains("ok      clock: this machine's clock is") == (engine == .postgres), "\(checked.stdout)")
            #expect(checked.stdout.contains("problem(s)"), "\(checked.stdout)")
        }
    }

    @Test func aBrokenConfigAndAnUnreachableDatabaseAreProblems() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "server: {port: 99999999}\n".write(to: directory.appendingPathComponent("herald.yaml"), atomically: true, encoding: .utf8)
        let broken = try await HeraldProcess.run(["doctor", "--config", "herald.yaml"], in: directory)
        #expect(broken.status == 1)
        #expect(broken.stdout.hasPrefix("problem config: "), "\(broken.stdout)")
        #expect(broken.stdout.contains("server.port"), "\(broken.stdout)")

        let port = try DeadHosts.refusedPort()
        let away = try await HeraldProcess.run(["doctor", "--database", "postgres://herald@127.0.0.1:\(port)/herald?connect_timeout=2"], in: directory)
        #expect(away.status == 1, "\(away.stdout)")
        #expect(away.stdout.contains("problem database: postgres://herald@127.0.0.1:\(port)/herald"), "\(away.stdout)")
        #expect(away.stdout.contains("fix: check the --database URL"), "\(away.stdout)")
    }
}
