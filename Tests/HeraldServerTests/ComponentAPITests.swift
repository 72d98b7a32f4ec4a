import Foundation
import HeraldCore
import HeraldServer
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct ComponentAPITests {
    @Test(arguments: TestDatabase.allCases)
    func anOperatorBuildsTheCatalogueAndRespondersChangeStatus(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let group = try await server.send(
                .post, "/api/v1/component-groups", token: server.admin, json: #"{"id":"core","name":"核心服务","position":1}"#)
            #expect(group.status == .created)
            let created = try await server.send(
                .post, "/api/v1/components", token: server.admin,
                json: #"{"id":"pay","name":"支付网关","group_id":"core","description":"对外支付接口","runbook_url":"https://wiki.example.com/pay"}"#)
            #expect(created.status == .created)
            #expect(created.object["status"] as? String == "operational")
            #expect(created.object["owner_team"] is NSNull, "absent optional fields are explicit nulls")

            let patched = try await server.send(
                .patch, "/api/v1/components/pay", token: server.admin, json: #"{"description":null,"owner_team":"payments"}"#)
            #expect(patched.status == .ok)
            #expect(patched.object["description"] is NSNull)
            #expect(patched.object["owner_team"] as? String == "payments")
            #expect(patched.object["runbook_url"] as? String == "https://wiki.example.com/pay")

            let changed = try await server.send(
                .put, "/api/v1/components/pay/status", token: server.responder, json: #"{"status":"partial_outage","reason":"上游超时"}"#)
            #expect(changed.status == .ok)
            let change = try #require(changed.object["change"] as? [String: Any])
            #expect(change["old_status"] as? String == "operational")
            #expect(change["new_status"] as? String == "partial_outage")
            #expect(change["actor"] as? String == "token:responder")
            #expect(change["source"] as? String == "manual")
            let again = try await server.send(
                .put, "/api/v1/components/pay/status", token: server.responder, json: #"{"status":"partial_outage"}"#)
            #expect(again.object["change"] is NSNull)

            let history = try await server.send(.get, "/api/v1/components/pay/status-changes", token: server.viewer)
            #expect((history.object["status_changes"] as? [Any])?.count == 1)

            let listed = try await server.send(.get, "/api/v1/components", token: server.viewer)
            let components = try #require(listed.object["components"] as? [[String: Any]])
            #expect(components.map { $0["id"] as? String } == ["pay"])
            #expect(components.first?["status"] as? String == "partial_outage")

            #expect(try await server.send(.delete, "/api/v1/components/pay", token: server.admin).status == .noContent)
            let gone = try await server.send(.get, "/api/v1/components/pay", token: server.viewer)
            #expect(gone.status == .notFound)
            #expect(gone.headers[.contentType] == "application/problem+json")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func badInputIsRefusedFieldByFieldAndNothingIsStored(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine, maxBodyBytes: 4096) { server in
            func refused(_ json: String, path: String = "/api/v1/components") async throws -> Reply {
                let reply = try await server.send(.post, path, token: server.admin, json: json)
                #expect(reply.headers[.contentType] == "application/problem+json")
                return reply
            }
            let typo = try await refused(#"{"name":"API","colour":"red"}"#)
            #expect(typo.status == .badRequest)
            #expect(typo.problemFields == ["colour"])
            #expect(typo.body.contains(##""pointer":"#/colour""##))

            let types = try await refused(#"{"name":42,"position":"first","status":"down"}"#)
            #expect(types.status == .badRequest)
            #expect(Set(types.problemFields) == ["name", "position", "status"])

            let missing = try await refused(#"{"description":"no name"}"#)
            #expect(missing.problemFields == ["name"])

            let values = try await refused(#"{"id":"Bad Id","name":"API","runbook_url":"wiki/page","group_id":"none"}"#)
            #expect(Set(values.problemFields) == ["id", "runbook_url"])

            let unknownGroup = try await refused(#"{"name":"API","group_id":"none"}"#)
            #expect(unknownGroup.problemFields == ["group_id"])

            #expect(try await refused(#"{"name": "#).status == .badRequest)
            #expect(try await refused(#"["name"]"#).problemFields == ["body"])

            let huge = try await refused(#"{"name":""# + String(repeating: "a", count: 5000) + #""}"#)
            #expect(huge.status == .contentTooLarge)

            let form = try await server.send(
                .post, "/api/v1/components", token: server.admin, json: "name=API",
                headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(form.status == .unsupportedMediaType)

            let status = try await server.send(
                .patch, "/api/v1/components/x", token: server.admin, json: #"{"status":"major_outage"}"#)
            #expect(status.problemFields == ["status"])

            #expect(try await server.store.components().isEmpty)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aDuplicateIdIsAConflict(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            #expect(try await server.send(.post, "/api/v1/components", token: server.admin, json: #"{"id":"api","name":"API"}"#).status == .created)
            let again = try await server.send(.post, "/api/v1/components", token: server.admin, json: #"{"id":"api","name":"Other"}"#)
            #expect(again.status == .conflict)
            #expect(again.problemFields == ["id"])
            #expect(try await server.store.component(id: "api").name == "API")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func statusHistoryPagesAndRefusesBadParameters(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "api", name: "API"))
            for status in [ComponentStatus.majorOutage, .partialOutage, .operational] {
                try await server.store.setStatus(componentID: "api", to: status, source: .manual, actor: "t")
            }
            let first = try await server.send(.get, "/api/v1/components/api/status-changes?limit=2", token: server.viewer)
            let page = try #require(first.object["status_changes"] as? [[String: Any]])
            #expect(page.map { $0["new_status"] as? String } == ["operational", "partial_outage"])
            let last = try #require(page.last?["id"] as? Int)
            let second = try await server.send(.get, "/api/v1/components/api/status-changes?before=\(last)", token: server.viewer)
            #expect((second.object["status_changes"] as? [[String: Any]])?.map { $0["new_status"] as? String } == ["major_outage"])
            let bad = try await server.send(.get, "/api/v1/components/api/status-changes?limit=0&before=x", token: server.viewer)
            #expect(Set(bad.problemFields) == ["limit", "before"])
        }
    }
}

/// Internal components are for staff: off the public side, still there for internal notices.
@Suite struct InternalComponentTests {
    @Test(arguments: TestDatabase.allCases)
    func anInternalComponentStaysOffThePublicSide(_ engine: TestDatabase) async throws {
        let clock = TestClock(TestServer.today)
        try await TestServer.run(engine, now: clock.now) { server in
            let relay = try await server.send(.post, "/api/v1/components", token: server.admin, json: #"{"id":"relay","name":"邮件中继","internal":true}"#)
            #expect(relay.status == .created && relay.object["internal"] as? Bool == true, "\(relay.body)")
            _ = try await server.send(.post, "/api/v1/components", token: server.admin, json: #"{"id":"web","name":"官方网站"}"#)
            _ = try await server.send(.put, "/api/v1/components/relay/status", token: server.responder, json: #"{"status":"major_outage"}"#)
            for path in ["/", "/subscribe", "/api/v2/components.json", "/api/v2/summary.json"] {
                let page = try await server.send(.get, path)
                #expect(!page.body.contains("邮件中继") && !page.body.contains("relay"), "\(path) shows an internal component")
                #expect(page.body.contains("官方网站"), "\(path)")
            }
            let status = try await server.send(.get, "/api/v2/status.json")
            #expect(status.body.contains(#""indicator":"none""#), "an internal outage is not the public's: \(status.body)")
            let listed = try await server.send(.get, "/api/v1/components", token: server.viewer)
            #expect(listed.body.contains("邮件中继"), "staff still see it")
            let bad = try await server.send(.patch, "/api/v1/components/relay", token: server.admin, json: #"{"internal":"yes"}"#)
            #expect(bad.problemFields == ["internal"])
            clock.advance(by: 1)
            _ = try await server.send(.patch, "/api/v1/components/relay", token: server.admin, json: #"{"internal":false}"#)
            #expect(try await server.send(.get, "/").body.contains("邮件中继"), "made public, it appears")
        }
    }
}
