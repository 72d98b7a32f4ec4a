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
            let events = try await store.incidentEvents(incidentID: pay.incidentID!).map(\.kind)
            #expect(events == ["opened", "silenced", "alert_received"])

            // The website recovers: its incident resolves and the component is operational again.
            let resolved = try await pipeline.receive(alert("web-down", component: "web", action: .resolve), from: integration)
            #expect(resolved.incidentResolved)
            #expect(try await store.component(id: "web").status == .operational)
        }
    }
}
