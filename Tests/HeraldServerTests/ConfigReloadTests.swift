import HeraldApp
import Foundation
import HeraldCore
import HeraldServer
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct ConfigReloadTests {
    static let yaml = """
        server:
          port: 9090
        catalogue:
          groups:
            - id: core
              name: 核心服务
          components:
            - id: api
              name: API
              group: core
              owner_team: platform
              runbook_url: https://wiki.example.com/api
            - id: sms
              name: 短信网关
        """

    /// A component's group is `group_id` in the file as in the API; `group`, its old name, is still
    /// read, with a deprecation warning, so existing files keep working; both at once is an error.
    @Test func aComponentsGroupHasTheAPIsNameAndTheOldOneStillWorks() throws {
        let groups = "catalogue:\n  groups:\n    - {id: core, name: Core}\n  components:\n"
        let current = try HeraldConfiguration.parse(yaml: groups + "    - {id: api, name: API, group_id: core}\n")
        #expect(current.catalogue?.components.first?.spec.groupID == "core")
        #expect(current.deprecations.isEmpty)

        let old = try HeraldConfiguration.parse(yaml: groups + "    - {id: api, name: API, group: core}\n")
        #expect(old.catalogue?.components.first?.spec.groupID == "core")
        #expect(old.deprecations.map(\.field) == ["catalogue.components[0].group"])
        #expect(old.deprecations.first?.reason.contains("group_id") == true)

        // A problem is named by the field the file wrote.
        let missing = #expect(throws: ConfigurationError.self) {
            try HeraldConfiguration.parse(yaml: groups + "    - {id: api, name: API, group: nope}\n    - {id: web, name: Web, group_id: nope}\n")
        }
        #expect(missing?.errors.map(\.field) == ["catalogue.components[0].group", "catalogue.components[1].group_id"])
        let both = #expect(throws: ConfigurationError.self) {
            try HeraldConfiguration.parse(yaml: groups + "    - {id: api, name: API, group: core, group_id: core}\n")
        }
        #expect(both?.errors.map(\.field) == ["catalogue.components[0].group"])
    }

    @Test(arguments: TestDatabase.allCases)
    func reloadingAppliesTheFileOnceAndThenChangesNothing(_ engine: TestDatabase) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("herald-\(UUID().uuidString).yaml")
        try Self.yaml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        try await TestServer.run(engine, configFile: file.path) { server in
            let first = try await server.send(.post, "/api/v1/config/reload", token: server.admin)
            #expect(first.status == .ok)
            #expect(first.object["created_components"] as? [String] == ["api", "sms"])
            #expect(first.object["created_groups"] as? [String] == ["core"])
            let second = try await server.send(.post, "/api/v1/config/reload", token: server.admin)
            #expect(second.object["created_components"] as? [String] == [])
            #expect(second.object["updated_components"] as? [String] == [])

            let edit = try await server.send(.patch, "/api/v1/components/api", token: server.admin, json: #"{"name":"Renamed"}"#)
            #expect(edit.status == .conflict)
            #expect(edit.body.contains("config file"))

            try Self.yaml.replacingOccurrences(of: "short", with: "x").replacingOccurrences(of: "name: API", with: "name: Public API")
                .write(to: file, atomically: true, encoding: .utf8)
            let third = try await server.send(.post, "/api/v1/config/reload", token: server.admin)
            #expect(third.object["updated_components"] as? [String] == ["api"])
            #expect(try await server.store.component(id: "api").name == "Public API")
        }
    }

    @Test func aBrokenFileIsRefusedWithItsProblemsAndChangesNothing() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("herald-\(UUID().uuidString).yaml")
        try """
            catalogue:
              components:
                - id: api
                  name: API
                  group: missing
                  colour: red
            """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        try await TestServer.run(.sqlite, configFile: file.path) { server in
            let reply = try await server.send(.post, "/api/v1/config/reload", token: server.admin)
            #expect(reply.status == .unprocessableContent)
            #expect(Set(reply.problemFields) == ["catalogue.components[0].group", "catalogue.components[0].colour"])
            #expect(try await server.store.components().isEmpty)
        }
    }

    @Test func withoutAConfigFileReloadSaysSo() async throws {
        try await TestServer.run(.sqlite) { server in
            let reply = try await server.send(.post, "/api/v1/config/reload", token: server.admin)
            #expect(reply.status == .conflict)
        }
    }
}
