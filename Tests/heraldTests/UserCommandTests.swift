import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// `herald user`, run as the real binary.
@Suite struct UserCommandTests {
    @Test(arguments: TestDatabase.allCases)
    func userCreateReadsThePasswordFromStandardInput(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await engine.withEmptyDatabase { location in
            try await HeraldProcess.migrate(["--database", location.argument], in: directory)
            let made = try await HeraldProcess.run(
                ["user", "create", "--email", "Li@Example.com", "--name", "李伟", "--role", "responder", "--password-stdin", "--database", location.argument],
                in: directory, input: "correct horse battery\n")
            #expect(made.status == 0, "\(made.stderr)")
            #expect(made.stdout.contains("made responder li@example.com"))
            let hash = try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.operatorCredentials(email: "li@example.com")?.passwordHash
            }
            let stored = try #require(hash)
            #expect(stored.hasPrefix("$2b$12$"), "bcrypt at cost 12")
            #expect(try await OperatorPassword.verify("correct horse battery", hash: stored))

            let short = try await HeraldProcess.run(
                ["user", "create", "--email", "ann@example.com", "--name", "Ann", "--role", "viewer", "--password-stdin", "--database", location.argument],
                in: directory, input: "short\n")
            #expect(short.status != 0)
            #expect(short.stderr.contains("password: The password must have at least 12 characters."), "\(short.stderr)")
            let again = try await HeraldProcess.run(
                ["user", "create", "--email", "li@example.com", "--name", "Li", "--role", "viewer", "--password-stdin", "--database", location.argument],
                in: directory, input: "another long password\n")
            #expect(again.status != 0 && again.stderr.contains("email: is already an operator's address"), "\(again.stderr)")

            let listed = try await HeraldProcess.run(["user", "list", "--database", location.argument], in: directory)
            #expect(listed.stdout.contains("li@example.com\t李伟\tresponder\tactive\toff"), "\(listed.stdout)")
            let disabled = try await HeraldProcess.run(["user", "disable", "--email", "LI@example.com", "--database", location.argument], in: directory)
            #expect(disabled.status == 0, "\(disabled.stderr)")
            #expect(try await HeraldProcess.run(["user", "list", "--database", location.argument], in: directory).stdout.contains("\tdisabled\t"))
        }
    }
}
