import Foundation
import Testing

@testable import HeraldCore

struct ResponseAnalyticsTests {
    @Test(arguments: [
        // seconds → count, mean, median, p90 (nearest rank)
        ([Double](), 0, nil, nil, nil),
        ([60], 1, 60, 60, 60),
        ([60, 120], 2, 90, 60, 120),
        ([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 10, 55, 50, 90),
        ([300, 30, 3000, 60, 120], 5, 702, 120, 3000),
    ] as [([Double], Int, Double?, Double?, Double?)])
    func durationsAreSummarisedByNearestRank(_ seconds: [Double], _ count: Int, _ mean: Double?, _ median: Double?, _ p90: Double?) {
        let summary = DurationSummary(seconds)
        #expect(summary.count == count)
        #expect(summary.mean == mean)
        #expect(summary.median == median)
        #expect(summary.p90 == p90)
    }

    static let detected = RFC3339.parse("2026-03-02T09:00:00+08:00")!

    static func incident(
        _ id: String, team: String? = "payments", severity: Severity = .high, components: [String] = ["pay"], at: Date = detected,
        ackAfter: Double? = nil, resolveAfter: Double? = nil
    ) -> Incident {
        Incident(
            id: id, title: id, status: resolveAfter == nil ? .investigating : .resolved, severity: severity, components: components,
            integrationID: "prom", createdAt: at, acknowledgedAt: ackAfter.map(at.addingTimeInterval),
            resolvedAt: resolveAfter.map(at.addingTimeInterval), teamID: team)
    }

    @Test func mttaCountsOnlyAcknowledgedIncidentsAndMttrOnlyResolvedOnes() throws {
        let incidents = [
            Self.incident("a", ackAfter: 60, resolveAfter: 600),
            Self.incident("b", ackAfter: 180),
            Self.incident("c", resolveAfter: 1200),  // resolved by its source before anyone acknowledged
        ]
        let rows = ResponseAnalytics.summarise(incidents, by: .team, period: .all, zone: TimeZone(identifier: "Asia/Shanghai")!)
        let row = try #require(rows.first)
        #expect(rows.count == 1 && row.group == "payments" && row.period == nil && row.incidents == 3)
        #expect(row.figures[.mtta] == DurationSummary([60, 180]))
        #expect(row.figures[.mtta]?.mean == 120)
        #expect(row.figures[.mttr] == DurationSummary([600, 1200]))
        #expect(row.figures[.mttr]?.median == 600)
    }

    @Test func groupsAreEachValueAndNoneWhenAnIncidentHasNone() {
        let incidents = [
            Self.incident("a", team: nil, components: ["pay", "db"], ackAfter: 30),
            Self.incident("b", team: "dba", severity: .low, components: [], ackAfter: 90),
        ]
        let zone = TimeZone(identifier: "UTC")!
        #expect(ResponseAnalytics.summarise(incidents, by: .team, period: .all, zone: zone).map(\.group) == ["dba", "none"])
        #expect(ResponseAnalytics.summarise(incidents, by: .severity, period: .all, zone: zone).map(\.group) == ["high", "low"])
        let components = ResponseAnalytics.summarise(incidents, by: .component, period: .all, zone: zone)
        #expect(components.map(\.group) == ["db", "none", "pay"], "an incident counts once in each of its components")
        #expect(components.map(\.incidents) == [1, 1, 1])
        #expect(ResponseAnalytics.summarise(incidents, by: .all, period: .all, zone: zone).map(\.incidents) == [2])
    }

    /// 2026-03-01 01:00 in Shanghai is still 28 February in UTC: the period is the reader's.
    @Test(arguments: [
        ("2026-03-01T01:00:00+08:00", "Asia/Shanghai", ResponseAnalytics.Period.month, "2026-03-01"),
        ("2026-03-01T01:00:00+08:00", "UTC", .month, "2026-02-01"),
        ("2026-03-01T01:00:00+08:00", "Asia/Shanghai", .week, "2026-02-23"),  // a Sunday: its week began on Monday
        ("2026-03-02T00:30:00+08:00", "Asia/Shanghai", .week, "2026-03-02"),
        ("2026-03-02T00:30:00+08:00", "UTC", .week, "2026-02-23"),
        ("2026-03-29T12:00:00+02:00", "Europe/Berlin", .week, "2026-03-23"),  // the week summer time began
    ])
    func periodsBeginInTheReadersZone(_ at: String, _ zone: String, _ period: ResponseAnalytics.Period, _ start: String) {
        let date = RFC3339.parse(at)!
        #expect(ResponseAnalytics.periodStart(date, period, TimeZone(identifier: zone)!) == start)
    }

    @Test func rowsComeByPeriodThenGroup() {
        let march = Self.detected
        let april = RFC3339.parse("2026-04-10T10:00:00+08:00")!
        let incidents = [
            Self.incident("a", team: "web", at: april, ackAfter: 10), Self.incident("b", team: "dba", at: april, ackAfter: 20),
            Self.incident("c", team: "web", at: march, ackAfter: 30),
        ]
        let rows = ResponseAnalytics.summarise(incidents, by: .team, period: .month, zone: TimeZone(identifier: "Asia/Shanghai")!)
        #expect(rows.map { "\($0.period ?? "")/\($0.group)" } == ["2026-03-01/web", "2026-04-01/dba", "2026-04-01/web"])
    }

    @Test func anAcknowledgementBeforeDetectionCountsAsZero() {
        #expect(ResponseMetric.mtta.seconds(Self.incident("a", ackAfter: -5)) == 0)
        #expect(ResponseMetric.mtta.seconds(Self.incident("b")) == nil)
    }
}

/// The delivery report's rules from a table: which of n sorted times is a percentile, and the success rate.
@Suite struct DeliveryReportTests {
    @Test(arguments: [
        (50, 1, 0), (95, 1, 0), (50, 2, 0), (95, 2, 1), (50, 8, 3), (95, 8, 7), (50, 100, 49), (95, 100, 94), (95, 101, 95), (50, 0, 0),
    ])
    func theNearestRankOfAPercentile(_ percent: Int, _ count: Int, _ index: Int) {
        #expect(DeliveryReport.rankIndex(percent, count: count) == index)
    }

    @Test func successIsSentOutOfSettled() {
        func row(sent: Int, failed: Int, pending: Int) -> DeliveryReportRow {
            DeliveryReportRow(
                channel: .sms, queued: sent + failed + pending, sent: sent, failed: failed, pending: pending, withdrawn: 0, fallbacks: 0,
                toSent: LatencyFigures(count: sent), toConfirmed: LatencyFigures(count: 0), cost: 0)
        }
        #expect(row(sent: 3, failed: 1, pending: 6).successRate == 0.75)
        #expect(row(sent: 0, failed: 0, pending: 4).successRate == nil, "nothing settled: no rate, not 0 %")
    }
}
