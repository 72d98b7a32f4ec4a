import Foundation
import HTTPTypes
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// The audit log over real HTTP: what an operator and a token change is recorded under them with
/// their role and client address, forwarded through a trusted proxy or not, and admins read it on
/// `/console/audit`, filtered, in both languages.
@Suite struct AuditConsoleTests {
    @Test(arguments: TestDatabase.allCases)
    func consoleAndAPIChangesAreRecordedWithActorRoleAndClientAddress(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let store = server.store
            _ = try await store.createComponent(ComponentSpec(id: "pay", name: "支付"))
            let responder = try await server.consoleUser(.responder, email: "wang@example.com")
            let changed = try await server.post(
                "/console/catalogue/components/pay/status", as: responder, form: ["status": "major_outage", "reason": "支付网关超时"])
            #expect(changed.status == .seeOther)
            let patched = try await server.send(.patch, "/api/v1/components/pay", token: server.admin, json: #"{"name":"支付网关"}"#)
            #expect(patched.status == .ok, "\(patched.body)")

            let entries = try await store.auditEntries().filter { $0.targetKind == "component" }
            let console = try #require(entries.first { $0.actor == "user:wang@example.com" })
            #expect(console.role == "responder" && console.client == "127.0.0.1", "\(console)")
            #expect(console.change.fields["status"] == .init(before: .string("operational"), after: .string("major_outage")))
            #expect(console.detail == "支付网关超时")
            let api = try #require(entries.first { $0.actor == "token:admin" })
            #expect(api.role == "admin" && api.client == "127.0.0.1", "\(api)")
            #expect(api.change.fields["name"] == .init(before: .string("支付"), after: .string("支付网关")))

            // The API's own view of the log carries the same, and a bulk read of contacts is an entry too.
            _ = try await server.send(.get, "/api/v1/contacts", token: server.viewer)
            let listed = try await server.send(.get, "/api/v1/audit-events?limit=2", token: server.admin)
            #expect(listed.body.contains(#""action":"exported""#) && listed.body.contains(#""actor":"token:viewer""#), "\(listed.body)")
            #expect(listed.body.contains(#""role":"viewer""#) && listed.body.contains(#""client":"127.0.0.1""#))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func adminsReadAndFilterTheLogInBothLanguages(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let store = server.store
            let admin = try await server.consoleUser(.admin, email: "li@example.com")
            let viewer = try await server.consoleUser(.viewer)
            _ = try await store.createComponent(ComponentSpec(id: "pay", name: "支付"))
            _ = try await server.send(.patch, "/api/v1/components/pay", token: server.admin, json: #"{"name":"支付 <网关>"}"#)

            #expect(try await server.get("/console/audit", as: viewer).status == .forbidden)
            let english = try await server.get("/console/audit?lang=en&actor=token:admin", as: admin)
            #expect(english.status == .ok)
            #expect(english.body.contains("Audit log") && english.body.contains("herald audit verify"))
            #expect(english.body.contains("name: &quot;支付&quot; → &quot;支付 &lt;网关&gt;&quot;"), "the change, escaped")
            #expect(!english.body.contains("viewer@example.com"), "only the token's entries: the operators' creation is filtered out")
            let chinese = try await server.get("/console/audit?lang=zh-CN&target_kind=operator", as: admin)
            #expect(chinese.body.contains("审计日志") && chinese.body.contains("viewer@example.com") && chinese.body.contains("(secret)"))
            #expect(!chinese.body.contains("支付 &lt;网关&gt;"))
            // A period in the viewer's zone: the server's day is 2026-11-22.
            let today = try await server.get("/console/audit?lang=en&from=2026-11-22&until=2026-11-22&target_kind=component", as: admin)
            #expect(today.body.contains("支付 &lt;网关&gt;"))
            let before = try await server.get("/console/audit?lang=en&until=2026-11-20&target_kind=component", as: admin)
            #expect(before.body.contains("No entries match."))
            let bad = try await server.get("/console/audit?lang=en&from=22.11.2026", as: admin)
            #expect(bad.status == .unprocessableContent && bad.body.contains("Enter a day as YYYY-MM-DD."))
            let paged = try await server.get("/console/audit?lang=en&limit=1", as: admin)
            #expect(paged.body.contains("cursor="), "a pager to the next page")
        }
    }
}
