import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct ToolCommandTests {
    @Test(arguments: TestDatabase.allCases)
    func migrateIsSafeToRunTwice(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await engine.withEmptyDatabase { location in
            let first = try await HeraldProcess.run(["migrate", "--database", location.argument], in: directory)
            #expect(first.status == 0, "\(first.stderr)")
            let all = (1...Store.latestSchemaVersion).map(String.init).joined(separator: ", ")
            #expect(first.stdout.contains("applied migrations \(all);"))
            let second = try await HeraldProcess.run(["migrate", "--database", location.argument], in: directory)
            #expect(second.status == 0)
            #expect(second.stdout.contains("schema is current at version \(Store.latestSchemaVersion)"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func tokenCreatePrintsASecretThatAuthenticatesWithItsRole(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await engine.withEmptyDatabase { location in
            try await HeraldProcess.migrate(["--database", location.argument], in: directory)
            let made = try await HeraldProcess.run(
                ["token", "create", "--role", "responder", "--name", "on-call laptop", "--database", location.argument],
                in: directory)
            #expect(made.status == 0, "\(made.stderr)")
            let secret = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(secret.wholeMatch(of: /hrld_[0-9a-f]{48}/) != nil, "stdout is the secret alone, for scripts")
            let token = try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.authenticate(secret: secret)
            }
            #expect(token?.role == .responder)
            #expect(token?.name == "on-call laptop")

            let listed = try await HeraldProcess.run(["token", "list", "--database", location.argument], in: directory)
            #expect(listed.stdout.contains("on-call laptop"))
            #expect(!listed.stdout.contains(secret))

            let revoked = try await HeraldProcess.run(
                ["token", "revoke", try #require(token?.id), "--database", location.argument], in: directory)
            #expect(revoked.status == 0)
            let after = try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.authenticate(secret: secret)
            }
            #expect(after == nil)
        }
    }

    @Test func aWrongRoleIsRefusedBeforeTouchingTheDatabase() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await HeraldProcess.run(["token", "create", "--role", "root"], in: directory)
        #expect(result.status != 0)
        #expect(result.stderr.contains("root"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("herald-data").path))
    }

    @Test func configCheckReportsEveryProblemWithItsPath() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("good.yaml")
        try """
            server: {host: 0.0.0.0, port: 8081}
            database: postgres://herald:secret@db.internal:5432/herald
            catalogue:
              groups: [{id: core, name: 核心服务}]
              components: [{id: api, name: API, group_id: core, status: operational}]
            """.write(to: good, atomically: true, encoding: .utf8)
        let ok = try await HeraldProcess.run(["config", "check", good.path], in: directory)
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect(ok.stdout.contains("1 groups and 1 components"))
        #expect(ok.stdout.contains("postgres://herald:****@db.internal"), "passwords are masked")

        let bad = directory.appendingPathComponent("bad.yaml")
        try """
            catalogue:
              components:
                - {id: API, name: x}
                - {id: web, name: Web, status: broken, runbook_url: wiki}
            """.write(to: bad, atomically: true, encoding: .utf8)
        let refused = try await HeraldProcess.run(["config", "check", bad.path], in: directory)
        #expect(refused.status != 0)
        for field in ["catalogue.components[0].id", "catalogue.components[1].status", "catalogue.components[1].runbook_url"] {
            #expect(refused.stdout.contains(field), "\(field) in \(refused.stdout)")
        }
    }

    @Test func configCheckNamesEveryChannelProblem() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
            channels:
              webhook: {secret: short}
              dingtalk: {url: "not a url", secret: SECx, token: y}
              feishu: {secret: x}
            """.write(to: directory.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        let result = try await HeraldProcess.run(["config", "check", "c.yaml"], in: directory)
        #expect(result.status != 0)
        for line in [
            "channels.webhook.secret: must be at least 16 characters", "channels.dingtalk.url: must be an absolute",
            "channels.dingtalk.token: is not a known field", "channels.feishu.url: is required",
        ] {
            #expect(result.stdout.contains(line), "\(line) in \(result.stdout)")
        }
    }
}
