import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

/// Alert-storm protection end to end on both stores: a burst of new incidents switches the team
/// into storm mode with one page, what follows joins the storm's incident and reaches responders
/// as digests, and the storm ends by itself and says so.
@Suite struct AlertStormTests {
    static let policy = StormPolicy(threshold: 3, window: 300, digestEvery: 120)

    static func alert(_ name: String, component: String? = nil) -> IncomingAlert {
        var labels = ["alertname": name]
        labels["component"] = component
        return IncomingAlert(action: .trigger, dedupKey: name, summary: "\(name) firing", source: "probe", labels: labels, occurredAt: Date())
    }

    static func contacts(_ store: Store) async throws {
        _ = try await store.createContact(Contact(id: "li", name: "李雷", groups: ["sre"], addresses: [.sms: "+8613800000001"], createdAt: Date()))
        _ = try await store.createContact(Contact(
            id: "lucy", name: "Lucy", language: .en, timeZone: "Europe/London", groups: ["sre"], addresses: [.email: "lucy@example.com"],
            createdAt: Date()))
    }

    /// Li and Lucy of group sre, paged by an integration grouping by alert name, with storm mode at 3 new incidents.
    static func stormOfThree(_ store: Store, clock: TestClock) async throws -> (Integration, AlertPipeline) {
        try await contacts(store)
        let integration = try await store.createIntegration(
            name: "prometheus", kind: .alertmanager, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: "sre").integration
        return (integration, AlertPipeline(store: store, storm: StormSettings(standard: policy), logger: TestDatabase.logger, now: clock.now))
    }

    static func queued(_ store: Store) async throws -> [Delivery] {
        try await store.claimDeliveries(limit: 500, lease: 86400)
    }

    /// Drills of the same team (here: alerts routed to no team) are no part of its rate: after four
    /// drills, three real alerts still open an incident each and no storm begins.
    @Test(arguments: TestDatabase.allCases)
    func drillsDoNotCountTowardsAStorm(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let store = bench.store
            let (integration, pipeline) = try await Self.stormOfThree(store, clock: bench.clock)
            let drills = try await store.integration(id: Store.drillIntegration)
            for index in 1...4 {
                let drill = IncomingAlert(action: .trigger, dedupKey: "drill-\(index)", summary: "演练 Drill", occurredAt: Date())
                #expect(try await store.ingest(drill, integration: drills, severity: .high, kind: .drill).outcome == .opened)
            }
            for name in ["DiskFull", "HighLatency", "PodCrash"] {
                let result = try await pipeline.receive(Self.alert(name), from: integration)
                #expect(result.outcome == .opened && result.decision.storm == .normal, "\(name)")
            }
            #expect(try await store.activeStorms().isEmpty)
            #expect(try await store.drills().count == 4)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aBurstBecomesOneStormWithDigestsAndEndsByItself(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let store = bench.store
            let (integration, pipeline) = try await Self.stormOfThree(store, clock: bench.clock)
            let escalation = EscalationService(store: store, pipeline: pipeline, now: bench.clock.now, logger: TestDatabase.logger)

            // Up to the threshold each alert opens its own incident and pages both people.
            for name in ["DiskFull", "HighLatency", "PodCrash"] {
                #expect(try await pipeline.receive(Self.alert(name), from: integration).outcome == .opened)
                bench.clock.advance(by: 10)
            }
            #expect(try await Self.queued(store).count == 6)

            // The fourth within five minutes begins the storm: one incident, one page each, saying so.
            let begin = try await pipeline.receive(Self.alert("NodeDown", component: "db"), from: integration)
            let storm = try #require(begin.incidentID)
            #expect(begin.outcome == .opened && begin.decision.storm == .begin)
            let opening = try await Self.queued(store)
            #expect(opening.count == 2)
            let li = try #require(opening.first { $0.contactID == "li" }), lucy = try #require(opening.first { $0.contactID == "lucy" })
            #expect(li.body.contains("【告警风暴】") && li.body.contains("4 个事件") && li.body.contains(storm), "\(li.body)")
            #expect(lucy.subject?.contains("[STORM] Team (no team): 4 new incidents in 5 min") == true, "\(lucy.subject ?? "")")
            #expect(lucy.body.contains("a digest every 2 min"), "\(lucy.body)")
            #expect(try await store.incident(id: storm).title.contains("Alert storm"))

            // Twenty more alerts, each of which would have opened an incident: they join the storm, paging nobody.
            for index in 1...20 {
                let joined = try await pipeline.receive(
                    Self.alert("Burst\(index)", component: index % 4 == 0 ? "cache" : "db"), from: integration)
                #expect(joined.outcome == .grouped && joined.incidentID == storm)
                bench.clock.advance(by: 3)
            }
            #expect(try await Self.queued(store).isEmpty, "no page per alert during a storm")
            #expect(try await store.alerts(incidentID: storm).count == 21)

            // The digest comes once its interval since the first page is over, and once.
            await escalation.tick()
            #expect(try await Self.queued(store).isEmpty, "not before two minutes")
            bench.clock.advance(by: 61)
            await escalation.tick()
            let digest = try await Self.queued(store)
            #expect(digest.count == 2)
            let liDigest = try #require(digest.first { $0.contactID == "li" })
            #expect(liDigest.body.hasPrefix("【告警风暴摘要】过去 2 分钟又有 20 条告警并入事件 \(storm)"), "\(liDigest.body)")
            let lucyDigest = try #require(digest.first { $0.contactID == "lucy" })
            #expect(lucyDigest.body.contains("By component:\n- db: 15\n- cache: 5"), "\(lucyDigest.body)")
            #expect(lucyDigest.body.contains("By source:\n- probe: 20"), "\(lucyDigest.body)")
            await escalation.tick()
            #expect(try await Self.queued(store).isEmpty, "each digest once")

            // Quiet for a whole window: the storm ends by itself and says so; the next alert pages as usual.
            bench.clock.advance(by: 301)
            await escalation.tick()
            let ending = try await Self.queued(store)
            #expect(ending.compactMap(\.subject).sorted() == [
                "[STORM OVER] Team (no team) is back to a page per incident; 20 alerts joined incident \(storm)",
                "【告警风暴结束】团队 （未分配团队） 恢复逐事件通知，共 20 条告警并入事件 \(storm)",
            ])
            #expect(try await store.activeStorms().isEmpty)
            let after = try await pipeline.receive(Self.alert("Afterwards"), from: integration)
            #expect(after.outcome == .opened && after.incidentID != storm && after.decision.storm == .normal)
            #expect(try await Self.queued(store).count == 2)
            let kinds = try await store.incidentEvents(incidentID: storm).filter { $0.kind == .storm }.compactMap(\.detail)
            #expect(kinds.count == 3 && kinds[1] == "digest 1: 20 alerts joined" && kinds[2].hasPrefix("storm over:"), "\(kinds)")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func resolvingTheStormsIncidentEndsTheStormSoNoAlertJoinsAResolvedIncident(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let store = bench.store
            let (integration, pipeline) = try await Self.stormOfThree(store, clock: bench.clock)
            for name in ["A", "B", "C", "D"] { try await pipeline.receive(Self.alert(name), from: integration) }
            let storm = try #require(try await store.activeStorms().first)
            _ = try await store.postIncidentUpdate(id: storm.incidentID, status: .resolved, message: "已处理", isPublic: false, actor: "li")
            #expect(try await store.activeStorms().isEmpty)
            let next = try await pipeline.receive(Self.alert("E"), from: integration)
            #expect(next.outcome == .opened && next.incidentID != storm.incidentID, "the rate is still high: a new storm, not the resolved one")
            #expect(try await store.activeStorms().map(\.incidentID) == [next.incidentID].compactMap { $0 })
        }
    }
}
