import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

/// Routing rules hand alerts to teams; group wait gathers an incident's first alerts into one page,
/// group interval batches the ones that join later, and a flapping alert does not page every time.
@Suite struct AlertRoutingTests {
    static func alert(
        _ key: String, _ labels: [String: String], action: IncomingAlert.Action = .trigger, severity: String = "critical"
    ) -> IncomingAlert {
        IncomingAlert(action: action, dedupKey: key, summary: "\(key) firing", source: "probe", sourceSeverity: severity, labels: labels, occurredAt: Date())
    }

    static func contacts(_ store: Store) async throws {
        _ = try await store.createContact(Contact(id: "li", name: "李雷", groups: ["sre"], addresses: [.sms: "+8613800000001"], createdAt: Date()))
        _ = try await store.createContact(Contact(id: "han", name: "韩梅梅", addresses: [.sms: "+8613800000002"], createdAt: Date()))
    }

    /// What was queued since the last look (claimed for a day, so each delivery is seen once).
    static func queued(_ store: Store) async throws -> [Delivery] {
        try await store.claimDeliveries(limit: 100, lease: 86400)
    }

    @Test(arguments: TestDatabase.allCases)
    func routesChooseTheTeamSeverityAndRunbook(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let store = bench.store
            try await Self.contacts(store)
            _ = try await store.saveTeam(Team(
                id: "payments", name: "支付组", escalation: EscalationPolicy(steps: [EscalationStep(target: .contact("han"), waitMinutes: 5)])))
            try await store.replaceAlertRoutes([
                AlertRoute(
                    matchers: [LabelMatcher(name: "service", value: "pay.*", isRegex: true)], team: "payments", severity: .high,
                    runbookURL: "https://wiki.example.cn/runbooks/pay"),
            ])
            let integration = try await store.createIntegration(
                name: "prometheus", kind: .alertmanager, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: "sre").integration
            let pipeline = AlertPipeline(store: store, logger: TestDatabase.logger, now: bench.clock.now)

            // The same alert name about payments and about the website: two teams, two incidents.
            let pay = try await pipeline.receive(
                Self.alert("pay-latency", ["alertname": "HighLatency", "service": "payment-api"], severity: "warning"), from: integration)
            let web = try await pipeline.receive(Self.alert("web-latency", ["alertname": "HighLatency", "service": "web"]), from: integration)
            #expect(pay.outcome == .opened && web.outcome == .opened)
            #expect(pay.incidentID != web.incidentID)

            let payIncident = try await store.incident(id: try #require(pay.incidentID))
            #expect(payIncident.teamID == "payments")
            #expect(payIncident.severity == .high, "the route raises a warning about payments to high")
            #expect(payIncident.runbookURL == "https://wiki.example.cn/runbooks/pay")
            #expect(try await store.incident(id: try #require(web.incidentID)).teamID == nil)

            let pages = try await Self.queued(store)
            #expect(pages.compactMap(\.contactID).sorted() == ["han", "li"], "payments pages its own on-call, the website the integration's group")
            let hans = try #require(pages.first { $0.contactID == "han" })
            #expect(hans.body.contains("https://wiki.example.cn/runbooks/pay"))
            #expect(hans.severity == .high)

            // Escalation follows the team's policy too: after its five minutes, Han is paged again.
            let escalation = EscalationService(store: store, pipeline: pipeline, now: bench.clock.now, logger: TestDatabase.logger)
            bench.clock.advance(by: 5 * 60 + 1)
            await escalation.tick()
            let kinds = try await store.incidentEvents(incidentID: payIncident.id).map(\.kind.rawValue)
            #expect(kinds.last == "escalation_exhausted", "the team's one-step policy ran out; the integration's was not used")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func groupWaitGathersAlertsIntoOnePageAndSkipsWhatClearedMeanwhile(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let store = bench.store
            try await Self.contacts(store)
            let integration = try await store.createIntegration(
                name: "prometheus", kind: .alertmanager, grouping: Grouping(groupBy: ["cluster"], groupWait: 30), notifyGroup: "sre").integration
            let pipeline = AlertPipeline(store: store, logger: TestDatabase.logger, now: bench.clock.now)
            let escalation = EscalationService(store: store, pipeline: pipeline, now: bench.clock.now, logger: TestDatabase.logger)

            // Three nodes of one cluster fail within seconds of each other.
            for node in 1...3 {
                try await pipeline.receive(Self.alert("node-\(node)", ["cluster": "bj-1", "node": "\(node)"]), from: integration)
                bench.clock.advance(by: 5)
            }
            // A blip elsewhere clears before its group wait is over.
            let blip = try await pipeline.receive(Self.alert("blip", ["cluster": "sh-2"]), from: integration)
            try await pipeline.receive(Self.alert("blip", ["cluster": "sh-2"], action: .resolve), from: integration)
            #expect(try await Self.queued(store).isEmpty, "nothing is paged during the group wait")

            bench.clock.advance(by: 16)
            await escalation.tick()
            let pages = try await Self.queued(store)
            #expect(pages.count == 1, "one page for the cluster, none for the blip that cleared")
            #expect(pages.first?.body.contains("node-1 firing (+2)") == true)
            #expect(try await store.incidentEvents(incidentID: try #require(blip.incidentID)).map(\.kind.rawValue).contains("page_queued") == false)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func alertsJoiningAPagedIncidentAreAnnouncedOncePerGroupInterval(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let store = bench.store
            try await Self.contacts(store)
            let integration = try await store.createIntegration(
                name: "prometheus", kind: .alertmanager, grouping: Grouping(groupBy: ["cluster"], groupInterval: 300), notifyGroup: "sre").integration
            let pipeline = AlertPipeline(store: store, logger: TestDatabase.logger, now: bench.clock.now)
            let escalation = EscalationService(store: store, pipeline: pipeline, now: bench.clock.now, logger: TestDatabase.logger)

            let first = try await pipeline.receive(Self.alert("node-1", ["cluster": "bj-1"]), from: integration)
            #expect(try await Self.queued(store).count == 1, "the first alert pages at once (group wait 0)")
            bench.clock.advance(by: 10)
            try await pipeline.receive(Self.alert("node-2", ["cluster": "bj-1"]), from: integration)
            bench.clock.advance(by: 10)
            try await pipeline.receive(Self.alert("node-3", ["cluster": "bj-1"]), from: integration)
            await escalation.tick()
            #expect(try await Self.queued(store).isEmpty, "not before the group interval since the page")

            bench.clock.advance(by: 281)
            await escalation.tick()
            let update = try await Self.queued(store)
            #expect(update.count == 1)
            #expect(update.first?.subject?.contains("新增 2 条告警") == true)
            await escalation.tick()
            #expect(try await Self.queued(store).isEmpty, "told once")

            // Another node a minute later waits for the next interval.
            bench.clock.advance(by: 60)
            try await pipeline.receive(Self.alert("node-4", ["cluster": "bj-1"]), from: integration)
            await escalation.tick()
            #expect(try await Self.queued(store).isEmpty)
            bench.clock.advance(by: 241)
            await escalation.tick()
            #expect(try await Self.queued(store).first?.subject?.contains("新增 1 条告警") == true)
            let kinds = try await store.incidentEvents(incidentID: try #require(first.incidentID)).map(\.kind.rawValue)
            #expect(kinds.filter { $0 == "alerts_announced" }.count == 2)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aFlappingAlertHoldsItsIncidentOpenInsteadOfPagingEveryTime(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let store = bench.store
            try await Self.contacts(store)
            let integration = try await store.createIntegration(
                name: "probe", kind: .generic, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: "sre").integration
            let pipeline = AlertPipeline(
                store: store, flapping: FlapPolicy(threshold: 3, window: 30 * 60, quiet: 15 * 60), logger: TestDatabase.logger,
                now: bench.clock.now)
            let escalation = EscalationService(store: store, pipeline: pipeline, now: bench.clock.now, logger: TestDatabase.logger)
            let labels = ["alertname": "PingLoss"]

            var incidents: [String] = []
            for _ in 1...6 {
                let fired = try await pipeline.receive(Self.alert("ping", labels), from: integration)
                incidents.append(try #require(fired.incidentID))
                bench.clock.advance(by: 60)
                try await pipeline.receive(Self.alert("ping", labels, action: .resolve), from: integration)
                bench.clock.advance(by: 60)
            }
            #expect(Set(incidents).count == 3, "the first three firings open incidents; from the third on, it is flapping")
            #expect(try await store.deliveryCounts()[.sms]?[.pending] == 3, "three pages, not six")
            let held = try await store.incident(id: incidents.last!)
            #expect(held.status != .resolved && held.quietUntil != nil)

            // The last clear was a minute ago; the incident resolves fifteen minutes after it.
            bench.clock.advance(by: 13 * 60)
            await escalation.tick()
            #expect(try await store.incident(id: held.id).status != .resolved, "not quiet long enough yet")
            bench.clock.advance(by: 2 * 60)
            await escalation.tick()
            #expect(try await store.incident(id: held.id).status == .resolved)
            let kinds = try await store.incidentEvents(incidentID: held.id).map(\.kind.rawValue)
            #expect(kinds.contains("flapping") && kinds.last == "resolved")
        }
    }
}
