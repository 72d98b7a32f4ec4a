import Foundation
import HeraldCore
@testable import HeraldStore
import HeraldTestSupport
import Testing

/// The live timeline cannot skip an event that commits after one with a higher row id.
@Suite struct IncidentEventOrderTests {
    @Test(arguments: TestDatabase.allCases)
    func anEventThatCommitsLateIsNotSkipped(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            let integration = try await store.createIntegration(name: "probe", kind: .generic, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: nil)
                .integration
            let alert = IncomingAlert(action: .trigger, dedupKey: "k", summary: "down", sourceSeverity: "critical", labels: ["alertname": "Down"], occurredAt: store.now())
            let incident = try #require(try await store.ingest(alert, integration: integration, severity: .high).incidentID)
            var last = try await store.incidentEvents(incidentID: incident).last?.position

            // The slow transaction inserts its event first (the lower row id) and commits last.
            let slow = Task {
                try await store.transaction { database in
                    try await Store.addEvent(database, incident: incident, kind: .note, actor: "slow", detail: nil, at: store.timestamp())
                    try await Task.sleep(for: .milliseconds(800))
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            let fast = Task { try await store.recordIncidentEvent(incidentID: incident, kind: .note, actor: "fast", detail: nil) }

            // A reader polls the way the stream does, from the last position it delivered.
            var delivered: [String] = []
            func poll() async throws {
                for event in try await store.incidentEvents(incidentID: incident, afterPosition: last) {
                    delivered.append(event.actor)
                    last = event.position
                }
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while delivered.count < 2, ContinuousClock.now < deadline {
                try await poll()
                try await Task.sleep(for: .milliseconds(10))
            }
            try await slow.value
            try await fast.value
            try await poll()
            // By row id the slow event comes first, so a reader that had passed the fast one would
            // never have seen it; by position each event comes when it became visible.
            #expect(delivered.sorted() == ["fast", "slow"], "delivered \(delivered)")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func eventsRecordedBeforeTheMigrationKeepTheirPlace(_ engine: TestDatabase) async throws {
        try await engine.withEmptyDatabase { location in
            try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.migrate(through: 18)
                let integration = try await store.createIntegration(name: "p", kind: .generic, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: nil)
                    .integration
                let alert = IncomingAlert(action: .trigger, dedupKey: "k", summary: "down", sourceSeverity: "critical", labels: ["alertname": "Down"], occurredAt: store.now())
                let incident = try #require(try await store.ingest(alert, integration: integration, severity: .high).incidentID)
                try await store.migrate()
                try await store.recordIncidentEvent(incidentID: incident, kind: .note, actor: "after", detail: nil)
                let events = try await store.incidentEvents(incidentID: incident)
                #expect(events.map(\.position) == events.map(\.position).sorted() && Set(events.map(\.position)).count == events.count)
                #expect(events.last?.actor == "after")
                #expect(try await store.incidentEvents(incidentID: incident, afterPosition: events.first?.position).count == events.count - 1)
            }
        }
    }
}
