import Foundation
import HeraldCore
import HeraldServer
import HeraldStore
import HeraldTestSupport
import Testing

/// PATCH and DELETE of contacts, schedules, integrations, teams and silences, and pages of lists.
@Suite struct RecordAPITests {
    @Test(arguments: TestDatabase.allCases)
    func aContactIsPatchedAsAMergePatchAndCheckedAsANewOne(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let made = try await server.send(
                .post, "/api/v1/contacts", token: server.admin,
                json: #"{"id":"li","name":"李雷","addresses":{"email":"li@example.com"},"quiet_hours":"22:00-07:30","groups":["ops"]}"#)
            #expect(made.status == .created, "\(made.body)")
            let patched = try await server.send(
                .patch, "/api/v1/contacts/li", token: server.admin, json: #"{"name":"Li Lei","quiet_hours":null,"addresses":{"sms":"+8613800000000"}}"#)
            #expect(patched.status == .ok, "\(patched.body)")
            let contact = try await server.store.contact(id: "li")
            #expect(contact.name == "Li Lei" && contact.quietHours == nil && contact.groups == ["ops"], "absent keeps, null clears")
            #expect(contact.addresses == [.email: "li@example.com", .sms: "+8613800000000"], "objects merge member by member")

            let bad = try await server.send(
                .patch, "/api/v1/contacts/li", token: server.admin, json: #"{"id":"x","name":null,"addresses":{"email":"nope"},"colour":"red"}"#)
            #expect(bad.status == .badRequest)
            #expect(Set(bad.problemFields) == ["id"], "the id is refused first: \(bad.body)")
            let worse = try await server.send(.patch, "/api/v1/contacts/li", token: server.admin, json: #"{"name":null,"addresses":{"email":"nope"},"colour":"red"}"#)
            #expect(Set(worse.problemFields) == ["name", "addresses.email", "colour"], "every problem at once: \(worse.body)")
            #expect(try await server.store.contact(id: "li").name == "Li Lei", "nothing of a refused patch is stored")
            #expect(try await server.send(.patch, "/api/v1/contacts/nobody", token: server.admin, json: "{}").status == .notFound)
            #expect(try await server.send(.patch, "/api/v1/contacts/li", token: server.responder, json: "{}").status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func deletingAContactErasesItAndRefusesWhileItIsPaged(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createContact(Contact(id: "han", name: "韩梅梅", addresses: [.email: "han@example.com"], createdAt: server.store.now()))
            try await server.store.enqueue([NewDelivery(idempotencyKey: "k", channel: .email, address: "han@example.com", severity: .low, body: "韩梅梅您好", contactID: "han")])
            _ = try await server.send(.put, "/api/v1/teams/web", token: server.admin, json: #"{"name":"网站","escalation":{"steps":[{"contact":"han"}]}}"#)
            let refused = try await server.send(.delete, "/api/v1/contacts/han", token: server.admin)
            #expect(refused.status == .conflict)
            #expect(refused.object["detail"] as? String == "contact 'han' is still used by team 'web' (escalation step 1); change or resolve it first")
            #expect(try await server.send(.delete, "/api/v1/teams/web", token: server.admin).status == .noContent)
            let deleted = try await server.send(.delete, "/api/v1/contacts/han", token: server.admin)
            #expect(deleted.status == .ok, "\(deleted.body)")
            #expect(deleted.object["deliveries_erased"] as? Int == 1 && deleted.object["deliveries_withdrawn"] as? Int == 1)
            #expect(try await server.send(.get, "/api/v1/contacts/han", token: server.admin).status == .notFound)
            let dead = try await server.send(.get, "/api/v1/deliveries/dead-letters", token: server.admin)
            #expect(!dead.body.contains("han@example.com") && !dead.body.contains("韩梅梅") && !dead.body.contains(#""address":"erased""#), "withdrawn, not a dead letter to retry: \(dead.body)")
            let erased = try await server.store.delivery(id: 1)
            #expect(erased.state == .withdrawn && erased.address == "erased")
            let retry = try await server.send(.post, "/api/v1/deliveries/1/retry", token: server.admin)
            #expect(retry.status == .conflict, "an erased message cannot be sent again: \(retry.body)")
            let audit = try await server.send(.get, "/api/v1/audit-events", token: server.admin)
            #expect(audit.body.contains(#""action":"erased""#) && audit.body.contains(#""actor":"token:admin""#) && !audit.body.contains("han@"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func schedulesIntegrationsAndSilencesArePatchedAndDeleted(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            for id in ["li", "wang"] {
                _ = try await server.store.createContact(Contact(id: id, name: id, addresses: [.email: "\(id)@example.com"], createdAt: server.store.now()))
            }
            let schedule = try await server.send(
                .post, "/api/v1/schedules", token: server.admin,
                json: #"{"id":"primary","name":"一线","members":["li"],"start":"2026-11-20T09:00:00+08:00"}"#)
            #expect(schedule.status == .created, "\(schedule.body)")
            let patched = try await server.send(
                .patch, "/api/v1/schedules/primary", token: server.admin,
                json: #"{"members":["wang","li"],"rotation_days":1,"overrides":[{"contact":"li","start":"2026-11-22T00:00:00Z","end":"2026-11-23T00:00:00Z"}]}"#)
            #expect(patched.status == .ok, "\(patched.body)")
            #expect(patched.object["on_call_now"] as? String == "li", "the override holds at TestServer.today")
            let ghost = try await server.send(.patch, "/api/v1/schedules/primary", token: server.admin, json: #"{"members":["ghost"],"rotation_days":0}"#)
            #expect(Set(ghost.problemFields) == ["rotation_days"] || Set(ghost.problemFields) == ["members[0]"], "\(ghost.body)")
            let stranger = try await server.send(.patch, "/api/v1/schedules/primary", token: server.admin, json: #"{"members":["ghost"]}"#)
            #expect(stranger.problemFields == ["members[0]"], "\(stranger.body)")

            let created = try await server.send(.post, "/api/v1/integrations", token: server.admin, json: #"{"name":"prom","kind":"alertmanager"}"#)
            let integration = try #require((created.object["integration"] as? [String: Any])?["id"] as? String)
            let renamed = try await server.send(
                .patch, "/api/v1/integrations/\(integration)", token: server.admin,
                json: #"{"name":"prometheus","group_wait_seconds":30,"escalation":{"steps":[{"schedule":"primary","wait_minutes":5}]}}"#)
            #expect(renamed.status == .ok, "\(renamed.body)")
            #expect(renamed.object["name"] as? String == "prometheus" && renamed.object["group_wait_seconds"] as? Int == 30)
            let kind = try await server.send(.patch, "/api/v1/integrations/\(integration)", token: server.admin, json: #"{"kind":"grafana"}"#)
            #expect(kind.problemFields == ["kind"], "\(kind.body)")
            let inUse = try await server.send(.delete, "/api/v1/schedules/primary", token: server.admin)
            #expect(inUse.status == .conflict && (inUse.object["detail"] as? String ?? "").contains("integration 'prometheus' (escalation step 1)"), "\(inUse.body)")
            #expect(try await server.send(.delete, "/api/v1/integrations/\(integration)", token: server.admin).status == .noContent)
            #expect(try await server.send(.delete, "/api/v1/schedules/primary", token: server.admin).status == .noContent)
            #expect(try await server.send(.delete, "/api/v1/integrations/\(integration)", token: server.admin).status == .notFound)

            let silence = try await server.send(
                .post, "/api/v1/silences", token: server.responder,
                json: #"{"matchers":[{"name":"alertname","value":"DiskFull"}],"ends_at":"2026-11-23T00:00:00Z","comment":"扩容"}"#)
            let silenceID = try #require(silence.object["id"] as? String)
            let longer = try await server.send(.patch, "/api/v1/silences/\(silenceID)", token: server.responder, json: #"{"ends_at":"2026-11-24T00:00:00Z"}"#)
            #expect(longer.status == .ok && longer.object["ends_at"] as? String == "2026-11-24T00:00:00Z", "\(longer.body)")
            #expect(longer.object["comment"] as? String == "扩容" && longer.object["created_by"] as? String == "token:responder")
            let backwards = try await server.send(.patch, "/api/v1/silences/\(silenceID)", token: server.responder, json: #"{"ends_at":"2026-11-01T00:00:00Z"}"#)
            #expect(backwards.problemFields == ["ends_at"])
            let actions = try await server.store.auditEvents(page: PageRequest()).items.filter { $0.action != "created" }.map { "\($0.action) \($0.recordKind)" }
            #expect(actions == ["updated silence", "deleted schedule", "deleted integration", "updated integration", "updated schedule"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func everyListIsPagedWithLimitAndCursor(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            for index in 0..<5 {
                _ = try await server.store.createContact(Contact(id: "c\(index)", name: "联系人\(index)", addresses: [.email: "c\(index)@example.com"], createdAt: server.store.now()))
            }
            var ids: [String] = []
            var path = "/api/v1/contacts?limit=2"
            var pages = 0
            while pages < 5 {
                let page = try await server.send(.get, path, token: server.viewer)
                #expect(page.status == .ok, "\(page.body)")
                ids += ((page.object["contacts"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
                pages += 1
                guard let next = page.object["next"] as? String else { break }
                path = "/api/v1/contacts?limit=2&cursor=\(next)"
            }
            #expect(ids == ["c0", "c1", "c2", "c3", "c4"] && pages == 3)
            let bad = try await server.send(.get, "/api/v1/contacts?limit=0&cursor=%%%", token: server.viewer)
            #expect(Set(bad.problemFields) == ["limit", "cursor"])
            for list in ["components", "component-groups", "tokens", "notices", "contacts", "deliveries/dead-letters", "integrations", "incidents",
                         "schedules", "teams", "silences", "audit-events"] {
                let page = try await server.send(.get, "/api/v1/\(list)?limit=1", token: server.admin)
                #expect(page.status == .ok && page.object.keys.contains("next"), "\(list): \(page.body)")
            }
            let tokens = try await server.send(.get, "/api/v1/tokens?limit=1", token: server.admin)
            #expect(tokens.object["next"] is String, "three tokens, one per page")
        }
    }
}
