import Foundation
import HeraldCore
@testable import HeraldStore
import HeraldTestSupport
import Testing

/// Regulatory clocks as stored: classifications, corrections, filings, the decision not to notify,
/// and clock events claimed once whichever node asks.
@Suite struct ComplianceStoreTests {
    static func incident(_ store: Store) async throws -> String {
        let integration = try await store.createIntegration(name: "probe", kind: .generic, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: nil)
            .integration
        let alert = IncomingAlert(action: .trigger, dedupKey: "k", summary: "customer table read", sourceSeverity: "warning", labels: ["alertname": "Leak"], occurredAt: store.now())
        return try #require(try await store.ingest(alert, integration: integration, severity: .low).incidentID)
    }

    static let words: [Language: String] = [.en: "line", .zhCN: "记录"]

    @Test(arguments: TestDatabase.allCases)
    func everyChangeIsKeptWithWhoAndWhyOnTheTimelineAndInTheAuditLog(_ engine: TestDatabase) async throws {
        let clock = TestClock()
        try await engine.withStore(now: clock.now) { store in
            let incident = try await Self.incident(store)
            let aware = clock.now().addingTimeInterval(-3600)
            let made = try await store.classify(incident: incident, regime: "gdpr", awareness: aware, by: "user:dpo@example.com", timeline: Self.words)
            #expect(made.awareness == aware && made.recordedBy == "user:dpo@example.com")
            await #expect(throws: StoreError.self) {
                _ = try await store.classify(incident: incident, regime: "gdpr", awareness: aware, by: "x", timeline: Self.words)
            }
            clock.advance(by: 60)
            let corrected = try await store.correctAwareness(
                classification: made.id, to: aware.addingTimeInterval(-1800), reason: "the SOC saw it at 08:30", by: "user:a@example.com", timeline: Self.words)
            #expect(corrected.awareness == aware.addingTimeInterval(-1800))
            #expect(corrected.corrections == [.init(from: aware, to: aware.addingTimeInterval(-1800), reason: "the SOC saw it at 08:30", by: "user:a@example.com", at: clock.now())])
            _ = try await store.recordFiling(
                classification: made.id, step: "art33-authority", filedAt: clock.now(), by: "user:dpo@example.com", reference: "CNIL-1", lateReason: nil,
                timeline: Self.words)
            clock.advance(by: 600)
            let phased = try await store.recordFiling(
                classification: made.id, step: "art33-authority", filedAt: clock.now(), by: "user:dpo@example.com", reference: "CNIL-1b", lateReason: nil,
                timeline: Self.words)
            #expect(phased.filings.map(\.reference) == ["CNIL-1", "CNIL-1b"])
            #expect(phased.firstFilings["art33-authority"] == clock.now().addingTimeInterval(-600))
            let decided = try await store.recordNotNotifying(classification: made.id, reason: "the data was encrypted", by: "user:dpo@example.com", timeline: Self.words)
            #expect(decided.notNotifying?.reason == "the data was encrypted")
            #expect(try await store.classifications(incident: incident) == [decided])

            let lines = try await store.incidentEvents(incidentID: incident).filter { $0.kind == .compliance }
            #expect(lines.count == 5)
            let audit = try await store.auditEntries().map(\.action)
            #expect(audit.filter { ["created", "awareness_corrected", "filed", "not_notifying"].contains($0) }.count >= 5)
            #expect(audit.contains("awareness_corrected") && audit.filter { $0 == "filed" }.count == 2 && audit.contains("not_notifying"))
            #expect(try await store.classifications(regimes: ["gdpr"]).map(\.0.id) == [made.id])
            #expect(try await store.classifications(regimes: ["nis2"]).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aClockEventIsClaimedOnceByTwoStoresOnOneDatabase(_ engine: TestDatabase) async throws {
        let clock = TestClock()
        try await engine.withEmptyDatabase { location in
            try await Store.withStore(location, logger: TestDatabase.logger, now: clock.now) { first in
                try await first.migrate()
                try await Store.withStore(location, logger: TestDatabase.logger, now: clock.now) { second in
                    let incident = try await Self.incident(first)
                    let made = try await first.classify(incident: incident, regime: "cac-cii", awareness: clock.now(), by: "user:a@example.com", timeline: Self.words)
                    let claim = ClockClaim(
                        key: ClockWatch.missKey(made.id, step: "initial"), classification: made.id, step: "initial", kind: "missed",
                        deadline: clock.now().addingTimeInterval(3600), timeline: Self.words, raiseTo: .high)
                    async let a = first.claimClockEvent(claim)
                    async let b = second.claimClockEvent(claim)
                    let won = try await [a, b]
                    #expect(won.filter { $0 }.count == 1)
                    #expect(try await second.claimClockEvent(claim) == false)
                    #expect(try await first.incident(id: incident).severity == .high)
                    let events = try await first.incidentEvents(incidentID: incident)
                    #expect(events.filter { $0.kind == .compliance }.count == 2)
                    #expect(events.filter { $0.kind == .severityRaised }.count == 1)
                    #expect(try await second.clockFacts().first?.1 == [claim.key])
                }
            }
        }
    }
}
