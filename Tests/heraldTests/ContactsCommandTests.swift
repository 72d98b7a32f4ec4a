import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct ContactsCommandTests {
    static let csv = """
        \u{FEFF}name,email,phone,language,groups,quiet_hours,dingtalk
        李雷,li@example.com,+8613800000000,zh-CN,ops;dba,22:00-07:30,li01
        "Wang, Fang",wang@example.com,,en,ops,,
        赵磊,not-an-email,+8613900000000,,,,
        钱七,qian@example.com,13800000000,,,,
        孙八,sun@example.com,,,,25:00-07:00,
        周九,zhou@example.com
        吴十,wu@example.com,+8613700000000,zh-CN,"ops；noc",,

        """

    @Test(arguments: TestDatabase.allCases)
    func badRowsAreReportedByLineAndGoodRowsKeptAndAgainUpdates(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.csv.write(to: directory.appendingPathComponent("contacts.csv"), atomically: true, encoding: .utf8)
        try await engine.withEmptyDatabase { location in
            try await HeraldProcess.migrate(["--database", location.argument], in: directory)
            let first = try await HeraldProcess.run(["contacts", "import", "contacts.csv", "--database", location.argument], in: directory)
            #expect(first.status == 1, "some rows were refused")
            #expect(first.stdout.contains("imported 3 contacts (3 new, 0 updated); 4 rows refused"), "\(first.stdout)\(first.stderr)")
            for line in [
                "line 4: addresses.email: must be an email address",
                "line 5: addresses.sms: must be an E.164 phone number",
                "line 6: quiet_hours: must be HH:MM-HH:MM",
                "line 7: row: has 2 fields; the header has 7",
            ] {
                #expect(first.stderr.contains(line), "\(line) in \(first.stderr)")
            }
            #expect(first.stderr.contains("importing: 3/3 (100%)"), "progress is shown")

            let contacts = try await Store.withStore(location, logger: TestDatabase.logger) { try await $0.contacts() }
            #expect(contacts.map(\.name).sorted() == ["Wang, Fang", "吴十", "李雷"])
            let li = try #require(contacts.first { $0.name == "李雷" })
            #expect(li.addresses == [.email: "li@example.com", .sms: "+8613800000000", .voice: "+8613800000000", .dingtalk: "li01"])
            #expect(li.groups == ["ops", "dba"])
            #expect(li.quietHours == QuietHours("22:00-07:30"))
            #expect(contacts.first { $0.name == "吴十" }?.groups == ["ops", "noc"], "a full-width ； separates lists too")

            // The same file again: the same contacts are updated, none added.
            let again = try await HeraldProcess.run(["contacts", "import", "contacts.csv", "--database", location.argument], in: directory)
            #expect(again.stdout.contains("imported 3 contacts (0 new, 3 updated)"), "\(again.stdout)")
            let after = try await Store.withStore(location, logger: TestDatabase.logger) { try await $0.contacts() }
            #expect(after.count == 3)
            #expect(after.first { $0.name == "李雷" }?.createdAt == li.createdAt)
        }
    }

    @Test func aWrongHeaderRefusesTheWholeFileAndStoresNothing() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "name,e-mail\n李雷,li@example.com\n".write(to: directory.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let result = try await HeraldProcess.run(["contacts", "import", "c.csv"], in: directory)
        #expect(result.status != 0)
        #expect(result.stderr.contains("header: 'e-mail' is not a column"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("herald-data").path))
    }

    @Test(arguments: TestDatabase.allCases)
    func deliveriesSummarisesTheQueueAndTheMonthsSpending(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "delivery:\n  costs: {sms: 0.05}\n  monthly_budgets: {sms: 0.1}\n"
            .write(to: directory.appendingPathComponent("herald.yaml"), atomically: true, encoding: .utf8)
        try await engine.withEmptyDatabase { location in
            try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.migrate()
                try await store.enqueue([
                    NewDelivery(idempotencyKey: "a", channel: .sms, address: "+8613800000000", severity: .high, body: "b"),
                    NewDelivery(idempotencyKey: "b", channel: .sms, address: "+8613800000001", severity: .high, body: "b"),
                    NewDelivery(idempotencyKey: "c", channel: .email, address: "li@example.com", severity: .low, body: "b"),
                ])
                for delivery in try await store.claimDeliveries(limit: 3) where delivery.channel == .sms {
                    try await store.recordAttempt(deliveryID: delivery.id, outcome: .sent(providerID: "x", cost: 0.05), latency: .zero)
                }
            }
            let result = try await HeraldProcess.run(["deliveries", "--config", "herald.yaml", "--database", location.argument], in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("CHANNEL\tPENDING\tSENT\tDEAD\tWITHDRAWN\nemail\t1\t0\t0\t0\nsms\t0\t2\t0\t0\n"), "\(result.stdout)")
            #expect(result.stdout.contains("  sms: 2 sent, 0.10 of 0.10 (100%) — budget used up: only high severity is sent"), "\(result.stdout)")
        }
    }
}

@Suite struct IncidentCommandTests {
    @Test(arguments: TestDatabase.allCases)
    func anIncidentIsListedAcknowledgedAndResolvedFromTheCommandLine(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await engine.withEmptyDatabase { location in
            let id = try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.migrate()
                let integration = try await store.createIntegration(name: "cron", kind: .generic, grouping: Grouping(), notifyGroup: nil).integration
                let alert = IncomingAlert(action: .trigger, dedupKey: "k", summary: "夜间备份失败", sourceSeverity: "error", occurredAt: Date())
                return try await store.ingest(alert, integration: integration, severity: .high).incidentID!
            }
            let listed = try await HeraldProcess.run(["incident", "list", "--open", "--database", location.argument], in: directory)
            #expect(listed.stdout.contains("\(id)\thigh\tinvestigating\t"), "\(listed.stdout)\(listed.stderr)")
            let acked = try await HeraldProcess.run(["incident", "ack", id, "--by", "wang", "--database", location.argument], in: directory)
            #expect(acked.stdout.contains("acknowledged by cli:wang"), "\(acked.stderr)")
            let resolved = try await HeraldProcess.run(
                ["incident", "resolve", id, "--message", "重跑备份成功", "--by", "wang", "--database", location.argument], in: directory)
            #expect(resolved.stdout.contains("is resolved"))
            let unknown = try await HeraldProcess.run(["incident", "ack", "nosuchincident", "--database", location.argument], in: directory)
            #expect(unknown.status != 0)
            let events = try await Store.withStore(location, logger: TestDatabase.logger) { try await $0.incidentEvents(incidentID: id) }
            #expect(events.suffix(3).map(\.kind) == [.acknowledged, .statusChanged, .note])
            #expect(events.last?.actor == "cli:wang" && events.last?.detail == "重跑备份成功")
        }
    }
}

@Suite struct FeedbackCommandTests {
    @Test(arguments: TestDatabase.allCases)
    func ticketsAreListedAnsweredAndClosedFromTheCommandLine(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await engine.withEmptyDatabase { location in
            let (incident, ticket) = try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.migrate()
                let integration = try await store.createIntegration(name: "probe", kind: .generic, grouping: Grouping(), notifyGroup: nil).integration
                let alert = IncomingAlert(action: .trigger, dedupKey: "k", summary: "支付失败", sourceSeverity: "error", occurredAt: Date())
                let incident = try await store.ingest(alert, integration: integration, severity: .high).incidentID!
                let ticket = try await store.createFeedback(
                    FeedbackTicket(id: "t1", subject: .incident(incident), contact: "zhou@example.com", message: "还是无法付款", createdAt: Date(), updatedAt: Date()),
                    client: "127.0.0.1")
                return (incident, ticket.id)
            }
            let listed = try await HeraldProcess.run(["feedback", "list", "--incident", incident, "--database", location.argument], in: directory)
            #expect(listed.stdout.contains("t1\topen\tincident:\(incident)\tzhou@example.com\t"), "\(listed.stdout)\(listed.stderr)")
            let replied = try await HeraldProcess.run(
                ["feedback", "reply", ticket, "已修复，请重试。", "--by", "wang", "--database", location.argument], in: directory)
            #expect(replied.stdout.contains("the reply is queued to zhou@example.com"), "\(replied.stderr)")
            let shown = try await HeraldProcess.run(["feedback", "show", ticket, "--database", location.argument], in: directory)
            #expect(shown.stdout.contains("[answered]") && shown.stdout.contains("cli:wang") && shown.stdout.contains("(emailed)"))
            let closed = try await HeraldProcess.run(["feedback", "close", ticket, "--database", location.argument], in: directory)
            #expect(closed.stdout.contains("ticket t1 closed"))
            let queued = try await Store.withStore(location, logger: TestDatabase.logger) { try await $0.deliveryCounts()[.email]?[.pending] }
            #expect(queued == 1)
        }
    }
}
