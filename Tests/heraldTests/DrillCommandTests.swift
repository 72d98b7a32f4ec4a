import Foundation
import HeraldCore
@testable import HeraldStore
import HeraldTestSupport
import Testing

/// `herald drill` on the local database, as the real binary: a drill started for a team pages its
/// on-call contact with the marker, is listed with its trend, and shows its scorecard; a team that
/// does not exist is named.
@Suite struct DrillCommandTests {
    @Test(arguments: TestDatabase.allCases)
    func aDrillIsStartedListedAndScoredFromTheTerminal(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await engine.withEmptyDatabase { location in
            let common = ["--database", location.argument]
            try await HeraldProcess.migrate(common, in: directory)
            try await Store.withStore(location, logger: TestDatabase.logger) { store in
                _ = try await store.createContact(Contact(id: "li", name: "李雷", addresses: [.email: "li@example.com"], createdAt: Date()))
                _ = try await store.saveTeam(Team(
                    id: "payments", name: "支付组", escalation: EscalationPolicy(steps: [EscalationStep(target: .contact("li"), waitMinutes: 5)])))
            }
            func run(_ arguments: [String]) async throws -> HeraldProcess.Output {
                try await HeraldProcess.run(["drill"] + arguments + common, in: directory)
            }
            let unknown = try await run(["start", "--team", "nobody"])
            #expect(unknown.status == 1 && unknown.stderr.contains("team") && unknown.stderr.contains("nobody"), "\(unknown.stderr)")
            let started = try await run(["start", "--team", "payments", "--runbook", "https://wiki.example.cn/pay"])
            #expect(started.status == 0, "\(started.stderr)")
            let id = String(try #require(started.stdout.firstMatch(of: /drill ([a-z0-9]{12}) started for team payments/)?.output.1, "\(started.stdout)"))
            let pages = try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.claimDeliveries(limit: 10, lease: 3600)
            }
            #expect(pages.count == 1 && pages.first?.subject?.hasPrefix("【演练】") == true && pages.first?.address == "li@example.com", "\(pages)")

            let listed = try await run(["list", "--team", "payments"])
            let rows = listed.stdout.split(separator: "\n").map(String.init)
            #expect(rows.first == "STARTED\tDRILL\tTEAM\tACKNOWLEDGED\tTARGET\tTREND\tSTATE")
            #expect(rows.count == 2 && rows[1].contains("\t\(id)\tpayments\t-\t5m\tfirst\tin progress"), "\(listed.stdout)")
            let shown = try await run(["show", id])
            #expect(shown.stdout.hasPrefix("drill \(id) for team payments (in progress)\nacknowledged: not yet\nsteps paged: 1\nemail: 0 of 1 arrived, 0 failed\n"), "\(shown.stdout)")
            #expect(shown.stdout.contains("runbook opened from a page: no\npostmortem: none"))
        }
    }
}
