import Foundation
import HeraldCore
@testable import HeraldStore
import HeraldTestSupport
import SQLKit
import Testing

/// The overview's open incidents on both engines: the worst first, so a storm of new low ones never
/// hides an older high one, and the open incidents counted by severity up to a limit.
@Suite struct ConsoleOverviewStoreTests {
    @Test(arguments: TestDatabase.allCases)
    func theWorstOpenIncidentsComeFirstWhateverCameAfter(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            let integration = try await store.createIntegration(name: "probe", kind: .generic, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: nil)
                .integration
            func open(_ name: String, _ severity: Severity) async throws -> String {
                let alert = IncomingAlert(
                    action: .trigger, dedupKey: name, summary: name, sourceSeverity: severity.rawValue, labels: ["alertname": name], occurredAt: store.now())
                return try #require(try await store.ingest(alert, integration: integration, severity: severity).incidentID)
            }
            let high = try await open("payments down", .high)
            // An hour older than everything after it.
            try await store.transaction { database in
                try await database.update("incidents").set("created_at", to: SQLBind(Timestamp.milliseconds(store.now()) - 3_600_000)).where("id", .equal, high).run()
            }
            for index in 0..<25 { _ = try await open("disk \(index)", .low) }
            let medium = try await open("latency", .medium)

            let facts = try await store.consoleOverview(monthStart: store.now().addingTimeInterval(-86_400))
            #expect(facts.incidents.count == 20, "a page of the worst, the rest one click away")
            #expect(facts.incidents.prefix(2).map(\.id) == [high, medium])
            #expect(facts.incidents.dropFirst(2).allSatisfy { $0.severity == .low })
            #expect(facts.openBySeverity == [.high: 1, .medium: 1, .low: 25])
            let capped = try await store.consoleOverview(countLimit: 10, monthStart: store.now().addingTimeInterval(-86_400))
            #expect(capped.openBySeverity == [.high: 1, .medium: 1, .low: 11], "counted to one past the limit, then no further")
            #expect(capped.countLimit == 10)
        }
    }
}
