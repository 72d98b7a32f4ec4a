import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

/// Heartbeat monitors through the real pipeline on both stores: a missed beat opens one incident
/// paged to whoever is on call, the next beat resolves it, a failure opens one at once, and a paused
/// monitor opens nothing.
@Suite struct HeartbeatTests {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    /// Li is on call for the SRE team this week; Wang is next.
    static func onCall(_ store: Store, now: Date) async throws {
        _ = try await store.createContact(Contact(id: "li", name: "李雷", addresses: [.sms: "+8613800000001"], createdAt: now))
        _ = try await store.createContact(Contact(id: "wang", name: "王芳", addresses: [.sms: "+8613800000002"], createdAt: now))
        _ = try await store.createSchedule(OnCallSchedule(
            id: "primary", name: "一线", timeZone: "Asia/Shanghai", members: ["li", "wang"], start: now.addingTimeInterval(-3600), rotationDays: 7))
        _ = try await store.saveTeam(Team(
            id: "sre", name: "SRE", escalation: EscalationPolicy(steps: [EscalationStep(target: .schedule("primary"), waitMinutes: 5)])))
    }

    static func service(_ store: Store, _ clock: TestClock) -> HeartbeatService {
        let pipeline = AlertPipeline(store: store, logger: TestDatabase.logger, now: clock.now)
        return HeartbeatService(store: store, pipeline: pipeline, language: .zhCN, zone: zone, logger: TestDatabase.logger)
    }

    static func backup(team: String? = "sre") -> NewHeartbeat {
        NewHeartbeat(name: "nightly-backup", period: 300, grace: 120, teamID: team, labels: ["component": "web"], severity: .high)
    }

    /// The pages queued so far, claimed as a delivery worker would.
    static func pages(_ store: Store) async throws -> [Delivery] {
        try await store.claimDeliveries(limit: 100).filter { $0.idempotencyKey.hasPrefix("incident:") }
    }

    /// Every delivery ever queued, whatever its state.
    static func queued(_ store: Store) async throws -> Int {
        try await store.deliveryCounts().values.flatMap(\.values).reduce(0, +)
    }

    @Test(arguments: TestDatabase.allCases)
    func aMissedBeatOpensOneIncidentPagedToTheOnCallContactAndTheNextBeatResolvesIt(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let store = bench.store, clock = bench.clock
            try await Self.onCall(store, now: clock.now())
            let heartbeats = Self.service(store, clock)
            let (monitor, key) = try await store.createHeartbeat(Self.backup())

            let first = try #require(try await heartbeats.beat(key: key, .beat))
            #expect(first.decision.outcome == .onTime && first.ingest == nil)
            clock.advance(by: 6 * 60)
            #expect(await heartbeats.tick() == 0, "within period + grace")
            #expect(try await store.incidents().isEmpty)

            clock.advance(by: 90)
            #expect(await heartbeats.tick() == 1, "7.5 minutes without a beat: late")
            let incidents = try await store.incidents()
            #expect(incidents.count == 1)
            let incident = try #require(incidents.first)
            #expect(incident.teamID == "sre" && incident.severity == .high && incident.title == "心跳 nightly-backup 未按时到达")
            let pages = try await Self.pages(store)
            #expect(!pages.isEmpty && pages.allSatisfy { $0.contactID == "li" }, "the on-call contact is paged, and only them")
            let paged = try await Self.queued(store)
            #expect(try await store.component(id: "web").status == .majorOutage, "its component label marks the component like any alert")
            let late = try #require(try await store.incidentEvents(incidentID: incident.id).first { $0.kind == .heartbeat })
            #expect(late.text(.zhCN)?.hasPrefix("自 ") == true && late.text(.zhCN)?.contains("Asia/Shanghai 起没有心跳") == true)
            #expect(late.text(.en)?.contains("expected every 5 minutes + 2 minutes grace") == true)
            #expect(try await store.heartbeat(id: monitor.id).state == .late)

            #expect(await heartbeats.tick() == 0, "checked again: still one")
            clock.advance(by: 30 * 60)
            #expect(await heartbeats.tick() == 0)
            #expect(try await store.incidents().count == 1)
            #expect(try await Self.queued(store) == paged, "nobody is paged twice by the checker")

            let back = try #require(try await heartbeats.beat(key: key, .beat))
            #expect(back.decision.outcome == .recovered && back.ingest?.incidentResolved == true)
            #expect(try await store.incident(id: incident.id).status == .resolved)
            #expect(try await store.component(id: "web").status == .operational)
            let kinds = try await store.incidentEvents(incidentID: incident.id).map(\.kind)
            #expect(kinds.filter { $0 == .heartbeat }.count == 2)
            let recovered = try #require(try await store.incidentEvents(incidentID: incident.id).last { $0.kind == .heartbeat })
            #expect(recovered.text(.en)?.contains("the monitor is on time again") == true)
            #expect(recovered.text(.zhCN)?.contains("监控已恢复正常") == true)
            #expect(try await store.heartbeat(id: monitor.id).state == .up)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aFailBeatOpensAtOnceAndAPausedMonitorNeverOpens(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let store = bench.store, clock = bench.clock
            try await Self.onCall(store, now: clock.now())
            let heartbeats = Self.service(store, clock)
            let (_, key) = try await store.createHeartbeat(Self.backup())
            var report = Self.backup()
            report.name = "weekly-report"
            let (paused, pausedKey) = try await store.createHeartbeat(report)
            _ = try await store.setHeartbeatPaused(id: paused.id, paused: true, at: clock.now())

            let failed = try #require(try await heartbeats.beat(key: key, .fail))
            #expect(failed.decision.outcome == .failed && failed.ingest?.outcome == .opened)
            #expect(try await Self.pages(store).allSatisfy { $0.contactID == "li" })
            #expect(try await store.incidents().map(\.title) == ["心跳 nightly-backup 报告失败"])
            let again = try #require(try await heartbeats.beat(key: key, .fail))
            #expect(again.decision.outcome == .unchanged && again.ingest == nil, "a second failure adds nothing")

            // A day passes: the paused monitor's deadline is long gone, and its failure is recorded only.
            clock.advance(by: 86400)
            await heartbeats.tick()
            _ = try await heartbeats.beat(key: pausedKey, .fail)
            #expect(try await store.incidents().count == 1, "the paused monitor opened nothing")
            #expect(try await store.heartbeat(id: paused.id).lastBeatAt == clock.now(), "but its beat is recorded")

            // Resumed, it counts from now: not late at once, late after period + grace.
            _ = try await store.setHeartbeatPaused(id: paused.id, paused: false, at: clock.now())
            #expect(await heartbeats.tick() == 0)
            clock.advance(by: 7 * 60)
            #expect(await heartbeats.tick() == 1)
            #expect(try await store.incidents().count == 2)

            #expect(try await heartbeats.beat(key: "0123456789abcdef0123456789abcdef", .beat) == nil, "an unknown key is nobody's")
        }
    }

    /// Two Herald nodes on one PostgreSQL database check the same late monitor at the same moment:
    /// one incident, paged once.
    @Test(arguments: [TestDatabase.postgres])
    func twoNodesCheckingAtOnceOpenOneIncident(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let clock = bench.clock
            try await Self.onCall(bench.store, now: clock.now())
            for index in 0..<5 {
                var new = Self.backup()
                new.name = "job-\(index)"
                _ = try await bench.store.createHeartbeat(new)
            }
            clock.advance(by: 8 * 60)
            try await Store.withStore(bench.store.location, logger: TestDatabase.logger, now: clock.now) { other in
                let one = Self.service(bench.store, clock), two = Self.service(other, clock)
                for _ in 0..<3 {
                    async let a = one.tick()
                    async let b = two.tick()
                    _ = await (a, b)
                }
            }
            let incidents = try await bench.store.incidents()
            #expect(incidents.count == 5, "one incident per late monitor")
            let pages = try await Self.pages(bench.store)
            #expect(pages.count == 5, "each paged once: one SMS to the on-call contact")
            for incident in incidents {
                let kinds = try await bench.store.incidentEvents(incidentID: incident.id).map(\.kind)
                #expect(kinds.filter { $0 == .heartbeat }.count == 1 && kinds.filter { $0 == .pageQueued }.count == 1)
            }
        }
    }
}
