import HeraldCore
import Testing

@Suite struct HealthVerdictTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var facts: HealthVerdict.Facts
        var verdict: HealthVerdict
        var reasons: Int
        var testDescription: String { name }
    }

    static func facts(
        reachable: Bool = true, schema: Int? = 21, running: Bool = true, tick: Double? = 1, lag: Double = 0
    ) -> HealthVerdict.Facts {
        .init(storeReachable: reachable, schemaVersion: schema, expectedSchemaVersion: 21, schedulerRunning: running, lastTickAge: tick, queueLag: lag)
    }

    static let cases: [Case] = [
        Case(name: "all well", facts: facts(), verdict: .ok, reasons: 0),
        Case(name: "no tick yet", facts: facts(tick: nil), verdict: .ok, reasons: 0),
        Case(name: "database down", facts: facts(reachable: false, schema: nil, running: false, lag: 9999), verdict: .unavailable, reasons: 1),
        Case(name: "schema behind", facts: facts(schema: 20), verdict: .degraded, reasons: 1),
        Case(name: "scheduler stopped", facts: facts(running: false), verdict: .degraded, reasons: 1),
        Case(name: "scheduler stalled", facts: facts(tick: 61), verdict: .degraded, reasons: 1),
        Case(name: "scheduler at the limit", facts: facts(tick: 60), verdict: .ok, reasons: 0),
        Case(name: "queue behind", facts: facts(lag: 301), verdict: .degraded, reasons: 1),
        Case(name: "everything behind", facts: facts(schema: 3, tick: 120, lag: 900), verdict: .degraded, reasons: 3),
    ]

    @Test(arguments: cases)
    func verdict(_ row: Case) {
        let (verdict, reasons) = HealthVerdict.of(row.facts)
        #expect(verdict == row.verdict)
        #expect(reasons.count == row.reasons)
    }
}
