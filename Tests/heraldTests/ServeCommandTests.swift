import HeraldApp
import Foundation
import HeraldCore
import HeraldServer
import HeraldStore
import HeraldTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct ServeCommandTests {
    @Test(arguments: TestDatabase.allCases)
    func serveMigratesPrintsOneBootstrapTokenAndStopsCleanlyOnSIGTERM(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await engine.withEmptyDatabase { location in
            let database = location.argument
            let first = try await RunningServer(["--database", database], in: directory)
            let url = try await first.baseURL()
            let secret = try #require(first.stdout.firstMatch(of: /hrld_[0-9a-f]{48}/)).output
            #expect(try await fetch(url + "/healthz").status == 200)
            #expect(try await fetch(url + "/api/v1/components").status == 401)
            #expect(try await fetch(url + "/api/v1/components", token: String(secret)).status == 200)
            #expect(try await first.stop() == 0)
            // Background services wait for the schema instead of failing against a database being migrated.
            #expect(!first.stderr.contains(" error "), "\(first.stderr)")

            // A second start on the same data: schema current, no new token, the old one still works.
            let second = try await RunningServer(["--database", database], in: directory)
            let again = try await second.baseURL()
            #expect(second.stdout.firstMatch(of: /hrld_/) == nil)
            #expect(try await fetch(again + "/api/v1/components", token: String(secret)).status == 200)
            #expect(try await second.stop(signal: SIGINT) == 0)
        }
    }

    @Test func serveWithNoOptionsKeepsItsDataInHeraldData() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await RunningServer([], in: directory)
        _ = try await server.baseURL()
        #expect(server.stdout.contains("database sqlite:herald-data/herald.sqlite"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("herald-data/herald.sqlite").path))
        #expect(try await server.stop() == 0)
    }

    @Test func theConfigFileCatalogueIsAppliedAtStartAndAgainOnSIGHUP() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("herald.yaml")
        try """
            log_level: info
            catalogue:
              components:
                - id: api
                  name: API
            """.write(to: config, atomically: true, encoding: .utf8)
        let server = try await RunningServer(["--config", config.path], in: directory)
        let url = try await server.baseURL()
        let secret = String(try #require(server.stdout.firstMatch(of: /hrld_[0-9a-f]{48}/)).output)
        #expect(try await fetch(url + "/api/v1/components/api", token: secret).body.contains(#""name":"API""#))

        try """
            catalogue:
              components:
                - id: api
                  name: Public API
                - id: web
                  name: 网站
            """.write(to: config, atomically: true, encoding: .utf8)
        kill(server.processIdentifier, SIGHUP)
        var listed = ""
        for _ in 0..<100 where !listed.contains("网站") {
            try await Task.sleep(for: .milliseconds(100))
            listed = try await fetch(url + "/api/v1/components", token: secret).body
        }
        #expect(listed.contains("Public API") && listed.contains("网站"))
        #expect(try await server.stop() == 0)
    }

    @Test func aPublishedNoticeIsHandedToDeliveryByTheRunningServer() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("herald.yaml")
        try "catalogue:\n  components:\n    - {id: web, name: 官方网站}\n".write(to: config, atomically: true, encoding: .utf8)
        let server = try await RunningServer(["--config", config.path], in: directory)
        let url = try await server.baseURL()
        let secret = String(try #require(server.stdout.firstMatch(of: /hrld_[0-9a-f]{48}/)).output)
        let skeleton = try await HeraldProcess.run(["notice", "new"], in: directory)
        let yaml = try JSONValue.jsonText(fromNoticeYAML: skeleton.stdout)
        let created = try await fetch(url + "/api/v1/notices", method: "POST", token: secret, json: yaml)
        #expect(created.status == 201, "\(created.body)")
        let id = try #require(created.body.firstMatch(of: /"id":"([a-z0-9]{12})"/)?.output.1)
        let published = try await fetch(url + "/api/v1/notices/\(id)/publish", method: "POST", token: secret)
        #expect(published.status == 200, "\(published.body)")
        var handed = false
        for _ in 0..<100 where !handed {
            try await Task.sleep(for: .milliseconds(100))
            handed = try await fetch(url + "/api/v1/notices/\(id)/announcements", token: secret).body
                .contains(#""handed_over_at":"20"#)
        }
        #expect(handed, "the scheduler in herald serve hands the announcement over")
        #expect(server.stderr.contains("announcement fanned out"))
        #expect(try await server.stop() == 0)
    }

    @Test func aBadConfigFileStopsServeWithEveryProblemNamed() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("herald.yaml")
        try "server:\n  port: 99999\n  hots: x\ndatabase: mysql://x\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try await HeraldProcess.run(["serve", "--config", config.path], in: directory)
        #expect(result.status != 0)
        let said = result.stdout + result.stderr
        #expect(said.contains("server.port"))
        #expect(said.contains("server.hots: is not a known field"))
        #expect(said.contains("database: must be sqlite:PATH or postgres://"))
    }
}

extension DatabaseLocation {
    /// The `--database` spelling of this location.
    var argument: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): url
        }
    }
}

extension JSONValue {
    /// The JSON text of a YAML notice file, as an API client would send it.
    static func jsonText(fromNoticeYAML yaml: String) throws -> String {
        func plain(_ value: JSONValue) -> Any {
            switch value {
            case .null: NSNull()
            case .bool(let b): b
            case .integer(let i): i
            case .number(let d): d
            case .string(let s): s
            case .array(let a): a.map(plain)
            case .object(let o): o.mapValues(plain)
            }
        }
        let data = try JSONSerialization.data(withJSONObject: plain(try JSONValue(yaml: yaml)))
        return String(decoding: data, as: UTF8.self)
    }
}
