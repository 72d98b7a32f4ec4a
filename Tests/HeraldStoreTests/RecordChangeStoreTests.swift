import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct RecordChangeStoreTests {
    static let li = Contact(
        id: "li", name: "李雷", addresses: [.email: "li@example.com", .sms: "+8613800000000"], createdAt: Date(timeIntervalSince1970: 1_800_000_000))

    @Test(arguments: TestDatabase.allCases)
    func deletingAContactErasesTheirDataFromPastDeliveriesAndKeepsTheCounts(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            try await store.saveContacts([Self.li, Contact(id: "wang", name: "王芳", addresses: [.email: "wang@example.com"], createdAt: Date())])
            try await store.enqueue([
                NewDelivery(idempotencyKey: "n:1:li:email", channel: .email, address: "li@example.com", severity: .low,
                            subject: "尊敬的李雷", body: "李雷，您好：官网将于周六停机", contactID: "li", unsubscribeURL: "https://h/unsubscribe/x"),
                NewDelivery(idempotencyKey: "n:1:li:sms", channel: .sms, address: "+8613800000000", severity: .high,
                            body: "官网将于周六停机", contactID: "li"),
                NewDelivery(idempotencyKey: "n:1:wang:sms", channel: .email, address: "wang@example.com", severity: .high,
                            body: "官网将于周六停机", contactID: "wang"),
            ])
            for delivery in try await store.claimDeliveries(limit: 10) {
                switch delivery.idempotencyKey {
                case "n:1:li:email": try await store.recordAttempt(deliveryID: delivery.id, outcome: .sent(providerID: "m1", cost: 0.02), latency: .zero)
                case "n:1:li:sms":
                    try await store.recordAttempt(
                        deliveryID: delivery.id, outcome: .permanent(reason: "21211 The 'To' number +8613800000000 is not valid"), latency: .zero)
                default: break
                }
            }
            try await store.enqueue([NewDelivery(idempotencyKey: "n:2:li:email", channel: .email, address: "li@example.com", severity: .low,
                                                 body: "李雷，提醒", contactID: "li")])
            let countsBefore = try await store.deliveryCounts()
            let spentBefore = try await store.spending(since: Date(timeIntervalSince1970: 0))

            let erasure = try await store.deleteContact(id: "li", actor: "token:admin")
            #expect(erasure == Store.ContactErasure(deliveries: 3, withdrawn: 1))
            await #expect(throws: StoreError.notFound(kind: "contact", id: "li")) { try await store.contact(id: "li") }

            // Nothing the store answers about deliveries holds the address, the name or the link any more.
            var seen = ""
            for id in Int64(1)...4 {
                let delivery = try await store.delivery(id: id)
                seen += "\(delivery)" + "\(try await store.deliveryAttempts(deliveryID: id))"
            }
            seen += "\(try await store.deadLetters(page: PageRequest()).items)"
            for personal in ["li@example.com", "+8613800000000", "李雷", "unsubscribe/x"] { #expect(!seen.contains(personal), "\(personal) in \(seen)") }
            #expect(try await store.delivery(id: 1).address == Erasure.marker)
            #expect(try await store.delivery(id: 1).body == Erasure.marker)
            #expect(try await store.deliveryAttempts(deliveryID: 2).first?.detail == "21211 The 'To' number erased is not valid")
            #expect(try await store.delivery(id: 3).address == "wang@example.com", "another contact's deliveries are untouched")
            #expect(try await store.delivery(id: 3).body == "官网将于周六停机")

            // Rows, states and costs stay; only the message not yet sent was withdrawn.
            let countsAfter = try await store.deliveryCounts()
            let total = { (counts: [ChannelKind: [DeliveryState: Int]]) -> Int in counts.values.flatMap(\.values).reduce(0, +) }
            #expect(total(countsAfter) == total(countsBefore))
            #expect(countsAfter[.email]?[.sent] == countsBefore[.email]?[.sent])
            #expect(countsAfter[.sms] == countsBefore[.sms])
            #expect(countsAfter[.email]?[.withdrawn] == 1)
            #expect(try await store.spending(since: Date(timeIntervalSince1970: 0)) == spentBefore)
            #expect(try await store.delivery(id: 4).state == .withdrawn)

            let audit = try await store.auditEvents(page: PageRequest()).items.filter { $0.action != "created" }
            #expect(audit.map(\.action) == ["erased"])
            #expect(audit.first?.recordID == "li" && audit.first?.actor == "token:admin")
            for personal in ["li@example.com", "+8613800000000", "李雷"] { #expect(!"\(audit)".contains(personal)) }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aContactStillPagedIsNotDeletedAndTheRefusalSaysWhy(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            try await store.saveContacts([Self.li])
            _ = try await store.saveTeam(Team(id: "payments", name: "支付", escalation: EscalationPolicy(steps: [
                EscalationStep(target: .contact("li"), waitMinutes: 5), EscalationStep(target: .schedule("primary"), waitMinutes: 5),
            ])))
            _ = try await store.createSchedule(OnCallSchedule(id: "primary", name: "一线", timeZone: "Asia/Shanghai", members: ["li"], start: Date(), rotationDays: 7))
            await #expect(throws: StoreError.conflict(FieldError(
                "id", "contact 'li' is still used by team 'payments' (escalation step 1), schedule 'primary' (member); change or resolve them first"))) {
                try await store.deleteContact(id: "li", actor: "t")
            }
            #expect(try await store.contact(id: "li").name == "李雷", "nothing of a refused deletion is done")
            await #expect(throws: StoreError.conflict(FieldError(
                "id", "schedule 'primary' is still used by team 'payments' (escalation step 2); change or resolve it first"))) {
                try await store.deleteSchedule(id: "primary", actor: "t")
            }
            try await store.replaceAlertRoutes([AlertRoute(matchers: [], team: "payments")])
            await #expect(throws: StoreError.self) { try await store.deleteTeam(id: "payments", actor: "t") }
            try await store.replaceAlertRoutes([])
            try await store.deleteTeam(id: "payments", actor: "t")
            #expect(try await store.teams().isEmpty)
            try await store.deleteSchedule(id: "primary", actor: "t")
            _ = try await store.deleteContact(id: "li", actor: "t")
            await #expect(throws: StoreError.notFound(kind: "team", id: "payments")) { try await store.deleteTeam(id: "payments", actor: "t") }
            #expect(try await store.auditEvents(page: PageRequest()).items.map(\.action).filter { $0 != "created" } == ["erased", "deleted", "deleted", "replaced", "replaced"], "the routing rules, replaced twice, are in the log too")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anIntegrationWithAnOpenIncidentStaysAndItsKeyDiesWithIt(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            let made = try await store.createIntegration(name: "cron", kind: .generic, grouping: Grouping(), notifyGroup: nil)
            let alert = IncomingAlert(action: .trigger, dedupKey: "k", summary: "备份失败", sourceSeverity: "error", occurredAt: Date())
            let incident = try await store.ingest(alert, integration: made.integration, severity: .high).incidentID!
            await #expect(throws: StoreError.conflict(FieldError("id", "integration '\(made.integration.id)' is still used by 1 open incident; change or resolve it first"))) {
                try await store.deleteIntegration(id: made.integration.id, actor: "t")
            }
            var renamed = made.integration
            renamed.name = "nightly cron"
            #expect(try await store.updateIntegration(renamed, actor: "t").name == "nightly cron")
            _ = try await store.postIncidentUpdate(id: incident, status: .resolved, message: "ok", isPublic: false, actor: "t")
            try await store.deleteIntegration(id: made.integration.id, actor: "t")
            #expect(try await store.integration(key: made.key) == nil)
            #expect(try await store.incident(id: incident).status == .resolved, "its history stays")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func pagesFollowOneAnotherWithoutSkippingOrRepeating(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            // Names that tie, so the id breaks the tie; seven contacts in pages of three.
            let names = ["王", "李", "王", "赵", "李", "钱", "王"]
            try await store.saveContacts(names.enumerated().map { Contact(id: "c\($0.offset)", name: $0.element, addresses: [.email: "c\($0.offset)@example.com"], createdAt: Date()) })
            var seen: [String] = []
            var request = PageRequest(limit: 3)
            var pages = 0
            repeat {
                let page = try await store.contacts(page: request)
                seen += page.items.map(\.id)
                pages += 1
                guard let next = page.next else { break }
                request.after = next
                // A contact added before the cursor neither shows up nor shifts the pages after.
                if pages == 1 { try await store.saveContacts([Contact(id: "a0", name: "孙", addresses: [.email: "a@example.com"], createdAt: Date())]) }
            } while pages < 10
            let all = try await store.contacts().map(\.id)
            #expect(pages == 3)
            #expect(seen == all.filter(seen.contains), "in the list's order: \(seen) vs \(all)")
            #expect(Set(seen).isSuperset(of: (0..<7).map { "c\($0)" }) && Set(seen).count == seen.count, "\(seen)")

            // A cursor of another list is refused with the parameter named.
            let teamCursor = PageCursor([.text("x")])
            await #expect(throws: StoreError.invalid([FieldError("cursor", "belongs to another list; pass the 'next' of this list's previous page")])) {
                try await store.contacts(page: PageRequest(limit: 3, after: teamCursor))
            }
            // Newest first with a descending key.
            for _ in 0..<5 { _ = try await store.createIntegration(name: "i", kind: .generic, grouping: Grouping(), notifyGroup: nil) }
            let first = try await store.integrations(page: PageRequest(limit: 2))
            let second = try await store.integrations(page: PageRequest(limit: 5, after: first.next))
            #expect((first.items + second.items).map(\.id) == (try await store.integrations()).map(\.id))
            #expect(first.next != nil && second.next == nil)
        }
    }
}
