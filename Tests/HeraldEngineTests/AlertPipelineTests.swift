import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

/// Incidents move the components they name; a running maintenance silences its components' alerts.
@Suite struct AlertPipelineTests {
    func alert(_ key: String, component: String, action: IncomingAlert.Action = .trigger, severity: String = "critical") -> IncomingAlert {
        IncomingAlert(action: action, dedupKey: key, summary: "\(component) 不可用", source: "probe", sourceSeverity: severity,
                      labels: ["component": component], occurredAt: Date())
    }

    @Test(arguments: TestDatabase.allCases)
    func componentsFollowIncidentsAndMaintenanceSilencesWithoutPaging(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let store = bench.store
            _ = try await store.createContact(Contact(id: "li", name: "李雷", groups: ["sre"], addresses: [.sms: "+8613800000000"], createdAt: Date()))
            let integration = try await store.createIntegration(
                name: "probe", kind: .generic, grouping: Grouping(groupBy: ["component"]), notifyGroup: "sre").integration
            let pipeline = AlertPipeline(store: store, logger: TestDatabase.logger, now: bench.clock.now)

            // An outage of the website: paged, and the component shows it.
            let web = try await pipeline.receive(alert("web-down", component: "web"), from: integration)
            #expect(web.outcome == .opened && web.silencedBy == nil)
            #expect(try await store.component(id: "web").status == .majorOutage)
            #expect(try await store.statusChanges(componentID: "web").first?.source == .alert)
            #expect(try await store.deliveryCounts()[.sms]?[.pending] == 1)

            // Planned maintenance of payments starts; an alert about payments is expected noise.
            let notice = try await store.createNotice(sampleContent(start: bench.clock.now().addingTimeInterval(2 * 86400), components: ["pay"]), createdBy: "a")
            _ = try await bench.service.publish(id: notice.id, actor: "a", shortNoticeReason: nil)
            bench.clock.advance(by: 2 * 86400 + 60)
            await bench.scheduler.tick()
            #expect(try await store.component(id: "pay").status == .underMaintenance)
            let pay = try await pipeline.receive(alert("pay-down", component: "pay"), from: integration)
            #expect(pay.outcome == .opened && pay.silencedBy == notice.id)
            #expect(try await store.component(id: "pay").status == .underMaintenance, "maintenance is not turned into an outage")
            #expect(try await store.deliveryCounts()[.sms]?[.pending] == 1, "nobody is paged for it")
            let events = try await store.incidentEvents(incidentID: pay.incidentID!).map(\.kind.rawValue)
            #expect(events == ["opened", "silenced", "alert_received"])

            // The website recovers: its incident resolves and the component is operational again.
            let resolved = try await pipeline.receive(alert("web-down", component: "web", action: .resolve), from: integration)
            #expect(resolved.incidentResolved)
            #expect(try await store.component(id: "web").status == .operational)
        }
    }
}

/// Nobody acknowledges: the next step is paged after its wait, until the policy runs out.
@Suite struct EscalationTests {
    static func page(_ key: String, _ pipeline: AlertPipeline, _ integration: Integration) async throws -> String {
        let alert = IncomingAlert(
            action: .trigger, dedupKey: key, summary: "\(key) down", sourceSeverity: "critical", labels: ["component": key], occurredAt: Date())
        return try #require(try await pipeline.receive(alert, from: integration).incidentID)
    }

    @Test(arguments: TestDatabase.allCases)
    func unacknowledgedIncidentsEscalateStepByStepAndStopWhenTaken(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let store = bench.store
            _ = try await store.createContact(Contact(id: "li", name: "李雷", groups: ["sre"], addresses: [.sms: "+8613800000001"], createdAt: Date()))
            _ = try await store.createContact(Contact(id: "boss", name: "王总", addresses: [.voice: "+8613800000002"], createdAt: Date()))
            let policy = EscalationPolicy(steps: [
                EscalationStep(target: .group("sre"), waitMinutes: 5), EscalationStep(target: .contact("boss"), waitMinutes: 10),
            ])
            let integration = try await store.createIntegration(
                name: "probe", kind: .generic, grouping: Grouping(groupBy: ["component"]), notifyGroup: nil, escalation: policy).integration
            let pipeline = AlertPipeline(store: store, logger: TestDatabase.logger, now: bench.clock.now)
            let escalation = EscalationService(store: store, pipeline: pipeline, now: bench.clock.now, logger: TestDatabase.logger)
            let ignored = try await Self.page("web", pipeline, integration)
            let taken = try await Self.page("pay", pipeline, integration)
            #expect(try await store.deliveryCounts()[.sms]?[.pending] == 2, "step 1 pages the group for each incident")
            _ = try await store.acknowledgeIncident(id: taken, actor: "li")

            bench.clock.advance(by: 4 * 60)
            #expect(await escalation.tick() == 0, "not yet: step 1 waits five minutes")
            bench.clock.advance(by: 61)
            #expect(await escalation.tick() == 1, "only the incident nobody took")
            #expect(try await store.deliveryCounts()[.voice]?[.pending] == 1, "step 2 calls the manager")
            #expect(await escalation.tick() == 0, "once")
            bench.clock.advance(by: 10 * 60 + 1)
            #expect(await escalation.tick() == 1)
            #expect(await escalation.tick() == 0)

            let kinds = try await store.incidentEvents(incidentID: ignored).map(\.kind.rawValue)
            #expect(kinds == ["opened", "alert_received", "page_queued", "escalated", "escalation_exhausted"])
            #expect(try await store.incidentEvents(incidentID: taken).map(\.kind.rawValue).contains("escalated") == false)
        }
    }

    /// A responder resolves an incident by hand while its alert still fires; the next firing must
    /// page again, not be counted on the resolved incident.
    @Test(arguments: TestDatabase.allCases)
    func aTriggerAfterAManualResolveOpensANewIncidentAndPages(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let store = bench.store
            _ = try await store.createContact(Contact(id: "li", name: "李雷", groups: ["sre"], addresses: [.sms: "+8613800000000"], createdAt: bench.clock.now()))
            let integration = try await store.createIntegration(
                name: "probe", kind: .generic, grouping: Grouping(groupBy: ["component"]), notifyGroup: "sre").integration
            let pipeline = AlertPipeline(store: store, logger: TestDatabase.logger, now: bench.clock.now)
            let webDown = IncomingAlert(
                action: .trigger, dedupKey: "web-down", summary: "官网不可用", sourceSeverity: "critical", labels: ["component": "web"],
                occurredAt: bench.clock.now())
            let first = try await pipeline.receive(webDown, from: integration)
            _ = try await store.postIncidentUpdate(id: first.incidentID!, status: .resolved, message: "已重启", isPublic: false, actor: "li")
            #expect(try await store.alerts(incidentID: first.incidentID!).map(\.status) == [.resolved], "resolving settles its alerts")
            #expect(try await store.component(id: "web").status == .operational)

            bench.clock.advance(by: 600)
            let again = try await pipeline.receive(webDown, from: integration)
            #expect(again.outcome == .opened && again.incidentID != first.incidentID)
            #expect(try await store.deliveryCounts()[.sms]?[.pending] == 2, "paged again")
            #expect(try await store.component(id: "web").status == .majorOutage)
        }
    }
}
