import Foundation
import HeraldApp
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

/// Scheduled drills on both engines: two nodes looking at the first Tuesday's 10:00 start one drill
/// between them, paged to the team like any; nothing more that month; the next month's once; a
/// schedule whose team is gone records why. And the config's words, every problem named at once.
@Suite struct ScheduledDrillTests {
    @Test(arguments: TestDatabase.allCases)
    func twoNodesStartEachMonthsDrillOnce(_ engine: TestDatabase) async throws {
        let clock = TestClock(RFC3339.parse("2026-12-01T09:59:00+08:00")!)
        try await TestServer.run(engine, now: clock.now) { server in
            try await DrillTests.team(server, clock: clock)
            let schedule = try DrillSchedule.parse(
                team: "payments", severity: .medium, on: "first tuesday", at: "10:00", zone: TimeZone(identifier: "Asia/Shanghai")!, field: "s").get()
            let drills = Drills(
                store: server.store, pipeline: AlertPipeline(store: server.store, logger: TestDatabase.logger, now: clock.now),
                settings: DrillSettings(schedules: [schedule]))
            let nodes = ["a", "b"].map { ScheduledDrills(drills: drills, node: $0, logger: TestDatabase.logger, now: clock.now) }
            #expect(await nodes[0].pass().isEmpty, "not yet")
            clock.advance(by: 65)
            async let first = nodes[0].pass()
            async let second = nodes[1].pass()
            let started = await first + second
            #expect(started.count == 1, "one drill between the two nodes")
            let drill = try await server.store.incident(id: try #require(started.first))
            #expect(drill.kind == .drill && drill.teamID == "payments" && drill.severity == .medium)
            let pages = try await server.store.claimDeliveries(limit: 10, lease: 30 * 86400)
            #expect(!pages.isEmpty && pages.allSatisfy { $0.contactID == "li" && ($0.subject ?? "").hasPrefix("【演练】") })
            let events = try await server.store.incidentEvents(incidentID: drill.id)
            #expect(events.contains { $0.kind == .drill && $0.actor == "herald:schedule" })

            clock.advance(by: 600)
            let again = await nodes[0].pass() + nodes[1].pass()
            #expect(again.isEmpty, "once that month")
            clock.advance(by: RFC3339.parse("2027-01-05T10:00:30+08:00")!.timeIntervalSince(clock.now()))
            #expect(await nodes[1].pass().count == 1, "January's, on the other node")
            #expect(try await server.store.drills().count == 2)

            // A schedule for a team that is gone: nothing starts, and the job says why.
            let orphan = try DrillSchedule.parse(team: "gone", severity: .high, on: "first tuesday", at: "10:00", zone: schedule.zone, field: "s").get()
            let lonely = ScheduledDrills(
                drills: Drills(store: server.store, pipeline: AlertPipeline(store: server.store, logger: TestDatabase.logger, now: clock.now),
                               settings: DrillSettings(schedules: [orphan])),
                node: "a", logger: TestDatabase.logger, now: clock.now)
            #expect(await lonely.pass().isEmpty)
            #expect(try await server.store.jobRecord(orphan.job)?.lastError?.contains("gone") == true)
        }
    }

    @Test func theConfigNamesEachProblemWithTheSchedule() throws {
        let good = try HeraldConfiguration.parse(yaml: """
            status_page: {time_zone: Asia/Shanghai}
            drills:
              acknowledge_target_minutes: 4
              teams: {payments: 2.5}
              schedule:
                - {team: payments, on: first tuesday, at: "10:00"}
                - {team: ops, on: last friday, at: "15:30", zone: Europe/London, severity: low}
            """)
        #expect(good.drills.acknowledgeTarget == 240 && good.drills.target(team: "payments") == 150 && good.drills.target(team: "ops") == 240)
        #expect(good.drills.schedules.map(\.job) == ["drill:payments:first-tuesday:1000", "drill:ops:last-friday:1530"])
        #expect(good.drills.schedules.map(\.zone.identifier) == ["Asia/Shanghai", "Europe/London"] && good.drills.schedules[1].severity == .low)
        do {
            _ = try HeraldConfiguration.parse(yaml: """
                drills:
                  acknowledge_target_minutes: 0
                  teams: {payments: soon}
                  schedule:
                    - {team: payments, on: every tuesday, at: "25:00", zone: Mars, when: now}
                    - {on: first monday}
                """)
            Issue.record("a wrong drills section is refused")
        } catch let error as ConfigurationError {
            #expect(Set(error.errors.map(\.field)) == [
                "drills.acknowledge_target_minutes", "drills.teams.payments", "drills.schedule[0].on", "drills.schedule[0].at",
                "drills.schedule[0].zone", "drills.schedule[0].when", "drills.schedule[1].team", "drills.schedule[1].at",
            ])
        }
    }
}
