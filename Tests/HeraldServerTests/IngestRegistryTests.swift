import Foundation
import HeraldCore
@testable import HeraldServer
import HeraldStore
import HeraldTestSupport
import Testing

/// The registry of ingest formats is the one list of what Herald takes in: integrations are made of
/// its kinds, its paths are served.
@Suite struct IngestRegistryTests {
    @Test(arguments: TestDatabase.allCases)
    func integrationsAreMadeOfExactlyTheRegisteredKinds(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            for format in IngestFormats.all {
                let made = try await server.send(
                    .post, "/api/v1/integrations", token: server.admin, json: #"{"name":"\#(format.kind)","kind":"\#(format.kind)"}"#)
                #expect(made.status == .created, "\(made.body)")
                #expect((made.object["integration"] as? [String: Any])?["group_by"] as? [String] == format.groupBy)
            }
            let unknown = try await server.send(.post, "/api/v1/integrations", token: server.admin, json: #"{"name":"z","kind":"zabbix"}"#)
            #expect(unknown.status == .badRequest)
            let error = try #require((unknown.object["errors"] as? [[String: Any]])?.first)
            #expect(error["field"] as? String == "kind")
            let kinds = IngestFormats.all.map(\.kind.rawValue)
            #expect(error["reason"] as? String == "must be one of \(kinds.joined(separator: ", ")), got 'zabbix'")
            #expect(kinds.starts(with: ["pagerduty", "alertmanager", "grafana", "generic"]))

            let unsigned = try await server.send(
                .post, "/api/v1/integrations", token: server.admin, json: #"{"name":"am","kind":"alertmanager","signing_secret":"0123456789abcdef"}"#)
            #expect(unsigned.problemFields == ["signing_secret"])
            #expect(unsigned.body.contains("is for grafana integrations"), "\(unsigned.body)")
            #expect(try await server.store.integrations().count == IngestFormats.all.count, "nothing of a refused integration is stored")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anIntegrationOfAKindNoFormatRegistersStillLoadsButTakesNothing(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            // As a row written by a Herald that had a format this one lacks.
            let (_, key) = try await server.store.createIntegration(name: "old", kind: Integration.Kind("zabbix"), grouping: Grouping(), notifyGroup: nil)
            let listed = try await server.send(.get, "/api/v1/integrations", token: server.admin)
            #expect(listed.status == .ok)
            #expect((listed.object["integrations"] as? [[String: Any]])?.first?["kind"] as? String == "zabbix")
            for format in IngestFormats.all where format.key != .body {
                let refused = try await server.send(.post, "\(format.path)?key=\(key)", json: "{}")
                #expect(refused.status == .unauthorized, "\(format.path)")
            }
        }
    }

    @Test func eachFormatHasItsOwnKindAndPath() {
        let formats = IngestFormats.all
        #expect(Set(formats.map(\.kind)).count == formats.count)
        #expect(Set(formats.map(\.path)).count == formats.count)
        #expect(formats.allSatisfy { IngestFormats.named($0.kind)?.path == $0.path })
    }

    /// openapi.json is written by scripts/openapi.py from its own list of formats; this keeps that list the registry's.
    @Test func theOpenAPIDocumentDescribesExactlyTheRegisteredFormats() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: HeraldHTTP.openAPIDocument()) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented: [String: String] = [:]
        for (path, item) in paths {
            for case let operation as [String: Any] in item.values {
                if let kind = operation["x-herald-ingest-kind"] as? String { documented[path] = kind }
            }
        }
        #expect(documented == Dictionary(uniqueKeysWithValues: IngestFormats.all.map { ($0.path, $0.kind.rawValue) }))

        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        for name in ["IntegrationInput", "Integration"] {
            let kind = (schemas[name]?["properties"] as? [String: [String: Any]])?["kind"]
            #expect(kind?["enum"] as? [String] == IngestFormats.all.map(\.kind.rawValue), "\(name).kind")
        }
        let grouping = (schemas["IntegrationInput"]?["properties"] as? [String: [String: Any]])?["group_by"]?["description"] as? String ?? ""
        for format in IngestFormats.all where format.groupBy != ["alertname"] {
            let own = format.groupBy.map { "\"\($0)\"" }.joined(separator: ", ")
            #expect(grouping.contains("\(format.kind): [\(own)]"), "group_by's description names \(format.kind)'s own grouping")
        }
    }
}
