import Foundation
import HeraldChannels
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

/// The regulatory clocks' watcher on real stores: each reminder once, at its point, whichever node
/// and however often Herald restarts; a missed deadline raises the severity and pages the compliance group.
@Suite struct ComplianceServiceTests {
    static let policy = CompliancePolicy(group: "dpo", zone: TimeZone(identifier: "Asia/Shanghai")!)

    /// An incident whose integration pages contact `li`, and the compliance group `dpo` with one member who has `webhook`.
    static func incident(_ store: Store, webhook: String = "http://127.0.0.1:9/hook") async throws -> String {
        _ = try await store.createContact(Contact(id: "li", name: "李雷", addresses: [.webhook: "http://127.0.0.1:9/li"], createdAt: store.now()))
        _ = try await store.createContact(Contact(
            id: "dpo-anna", name: "Anna", language: .en, timeZone: "Europe/Berlin", groups: ["dpo"], addresses: [.webhook: webhook], createdAt: store.now()))
        let integration = try await store.createIntegration(
            name: "probe", kind: .generic, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: nil,
            escalation: EscalationPolicy(steps: [EscalationStep(target: .contact("li"), waitMinutes: 5)])
        ).integration
        let alert = IncomingAlert(action: .trigger, dedupKey: "k", summary: "customer table read", sourceSeverity: "warning", labels: ["alertname": "Leak"], occurredAt: store.now())
        return try #require(try await store.ingest(alert, integration: integration, severity: .low).incidentID)
    }

    static func service(_ store: Store, _ clock: TestClock) -> ComplianceService {
        ComplianceService(
            store: store, pipeline: AlertPipeline(store: store, logger: TestDatabase.logger, now: clock.now), policy: policy, now: clock.now,
            logger: TestDatabase.logger)
    }

    static func clockLines(_ store: Store, _ incident: String) async throws -> [String] {
        try await store.incidentEvents(incidentID: incident).filter { $0.kind == .compliance && $0.actor == "herald" }.compactMap(\.detail)
    }

    @Test(arguments: TestDatabase.allCases)
    func remindersFireOnceEachAcrossARestartAndTwoNodes(_ engine: TestDatabase) async throws {
        let clock = TestClock()
        let start = clock.now()
        try await engine.withEmptyDatabase { location in
            let (incident, classification) = try await Store.withStore(location, logger: TestDatabase.logger, now: clock.now) { store in
                try await store.migrate()
                let incident = try await Self.incident(store)
                // CAC, other operators: 4 h, so reminders at 2 h, 3 h, 3 h 36 min and the deadline.
                let made = try await store.classify(incident: incident, regime: "cac-other", awareness: start, by: "user:wang@example.cn", timeline: [.en: "c"])
                return (incident, made.id)
            }
            // Two nodes on one database.
            try await Store.withStore(location, logger: TestDatabase.logger, now: clock.now) { first in
                try await Store.withStore(location, logger: TestDatabase.logger, now: clock.now) { second in
                    let a = Self.service(first, clock), b = Self.service(second, clock)
                    clock.advance(by: 2 * 3600 - 1)
                    #expect(await a.tick() + b.tick() == 0, "nothing before half the window")
                    clock.advance(by: 1)
                    async let fromA = a.tick()
                    async let fromB = b.tick()
                    #expect(await fromA + fromB == 1, "the 50 % reminder, recorded by one node")
                    #expect(await a.tick() + b.tick() == 0)
                    let lines = try await Self.clockLines(first, incident)
                    #expect(lines.count == 1)
                }
            }
            // Herald restarts: the reminder sent before is not sent again.
            try await Store.withStore(location, logger: TestDatabase.logger, now: clock.now) { store in
                let service = Self.service(store, clock)
                clock.advance(by: 30 * 60)
                #expect(await service.tick() == 0)
                clock.advance(by: 30 * 60)
                #expect(await service.tick() == 1, "75 % at 3 h")
                clock.advance(by: 36 * 60)
                #expect(await service.tick() == 1, "90 % at 3 h 36 min")
                #expect(await service.tick() == 0)
                clock.advance(by: 24 * 60)
                #expect(await service.tick() == 1, "the deadline passed without a filing")
                clock.advance(by: 3600)
                #expect(await service.tick() == 0, "a miss is told once")
                let lines = try await Self.clockLines(store, incident)
                #expect(lines.count == 4)
                #expect(lines[0].contains("is due by 2026-") && lines[0].contains("Asia/Shanghai"), "\(lines[0])")
                #expect(lines[3].contains("is not filed: the severity is raised and the compliance group paged"))
                #expect(try await store.incident(id: incident).severity == .high)
                // Each event paged li and Anna once each: 4 events × 2 people, one webhook each.
                #expect(try await store.deliveryCounts()[.webhook]?[.pending] == 8)
                #expect(try await store.clockFacts().first { $0.0.id == classification }?.1.count == 4)
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aMissedDeadlinePagesTheComplianceGroup(_ engine: TestDatabase) async throws {
        let receiver = WebhookReceiver(secret: "k")
        try await receiver.serve { url in
            let clock = TestClock(Date())
            try await engine.withStore(now: clock.now) { store in
                let incident = try await Self.incident(store, webhook: url)
                let made = try await store.classify(
                    incident: incident, regime: "cac-cii", awareness: clock.now().addingTimeInterval(-3601), by: "user:wang@example.cn", timeline: [.en: "c"])
                #expect(await Self.service(store, clock).tick() == 1)
                let worker = DeliveryWorker(store: store, channels: [WebhookChannel(client: .local, secret: "k")], now: clock.now, logger: TestDatabase.logger)
                _ = await worker.pass()
                let page = try #require(receiver.received.first)
                #expect(page.signatureValid)
                #expect(page.idempotencyKey == "incident:\(incident):clock:\(made.id):initial:missed:dpo-anna:webhook")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: String])
                #expect(object["event"] == "compliance.missed" && object["regime"] == "cac-cii" && object["step"] == "initial")
                #expect(object["incident_id"] == incident && object["severity"] == "high")
                #expect(object["summary"]?.hasPrefix("Regulatory deadline missed") == true, "in Anna's language")
                #expect(object["text"]?.contains("Europe/Berlin") == true, "in Anna's zone")
                #expect(try await store.incident(id: incident).severity == .high)
            }
        }
    }
}
