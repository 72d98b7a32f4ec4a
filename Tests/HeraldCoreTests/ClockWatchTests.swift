import Foundation
import HeraldCore
import Testing

/// Which reminders are due and what a passed deadline does, from facts and a moment.
@Suite struct ClockWatchTests {
    static func at(_ text: String) -> Date { RFC3339.parse(text)! }
    static let cac = RegulatoryRegime.shipped.first { $0.id == "cac-other" }!  // 4 h
    static let nis2 = RegulatoryRegime.shipped.first { $0.id == "nis2" }!
    static let points = ReportingClock.defaultReminderPoints
    static let aware = "2026-11-02T09:00:00+08:00"

    static func facts(_ regime: RegulatoryRegime = cac, filed: [String: Date] = [:], sent: [String] = []) -> ClockFacts {
        ClockFacts(classification: "c1", regime: regime, awareness: at(aware), filed: filed, sent: Set(sent))
    }

    @Test(arguments: [
        // (now, keys already sent, what is due): 4 h window from 09:00 Shanghai, reminders at 11:00, 12:00, 12:36, the deadline 13:00.
        ("2026-11-02T10:59:59+08:00", [String](), [String]()),
        ("2026-11-02T11:00:00+08:00", [], ["clock:c1:initial:50"]),
        ("2026-11-02T11:30:00+08:00", ["clock:c1:initial:50"], []),
        ("2026-11-02T12:00:00+08:00", ["clock:c1:initial:50"], ["clock:c1:initial:75"]),
        // Down from before 11:00 until 12:40: only the latest point says how little is left.
        ("2026-11-02T12:40:00+08:00", [], ["clock:c1:initial:90"]),
        ("2026-11-02T12:59:59+08:00", ["clock:c1:initial:90"], []),
        // At the deadline: the miss, once.
        ("2026-11-02T13:00:00+08:00", ["clock:c1:initial:90"], ["clock:c1:initial:missed"]),
        ("2026-11-02T15:00:00+08:00", ["clock:c1:initial:missed"], []),
        // A correction moved the clock back after 90 % went out: 75 % is not sent again.
        ("2026-11-02T12:10:00+08:00", ["clock:c1:initial:90"], []),
    ])
    func remindersFallOnceEachAtTheirPoints(_ now: String, _ sent: [String], _ due: [String]) {
        #expect(ClockWatch.due(Self.facts(sent: sent), points: Self.points, zone: .gmt, at: Self.at(now)).map(\.key) == due)
    }

    @Test func aMissCarriesItsDeadlineAndAReminderItsPoint() {
        let actions = ClockWatch.due(Self.facts(), points: Self.points, zone: .gmt, at: Self.at("2026-11-02T14:00:00+08:00"))
        #expect(actions == [.missed(step: "initial", deadline: Self.at("2026-11-02T13:00:00+08:00"), key: "clock:c1:initial:missed")])
        let reminder = ClockWatch.due(Self.facts(), points: [0.25], zone: .gmt, at: Self.at("2026-11-02T10:00:00+08:00"))
        #expect(reminder == [.remind(step: "initial", point: 0.25, deadline: Self.at("2026-11-02T13:00:00+08:00"), key: "clock:c1:initial:25")])
    }

    @Test func aFiledStepAsksNothingEvenAfterItsDeadline() {
        let filed = ["initial": Self.at("2026-11-02T12:00:00+08:00")]
        #expect(ClockWatch.due(Self.facts(filed: filed), points: Self.points, zone: .gmt, at: Self.at("2026-11-03T00:00:00+08:00")).isEmpty)
        #expect(ClockWatch.nextLook(Self.facts(filed: filed), points: Self.points, zone: .gmt, after: Self.at("2026-11-02T12:30:00+08:00")) == nil)
    }

    @Test func eachStepOfARegimeHasItsOwnClock() {
        // NIS2 two days in: the early warning (24 h) missed, the notification (72 h) at its half, the final report waiting.
        let due = ClockWatch.due(Self.facts(Self.nis2), points: Self.points, zone: .gmt, at: Self.at("2026-11-04T09:00:00+08:00"))
        #expect(due.map(\.key) == ["clock:c1:early-warning:missed", "clock:c1:notification:50"])
    }

    @Test(arguments: [
        // (deadline, first filing?, filed at, late reason, fields refused)
        ("2026-11-02T13:00:00+08:00", true, "2026-11-02T12:59:00+08:00", nil as String?, [String]()),
        ("2026-11-02T13:00:00+08:00", true, "2026-11-02T13:05:00+08:00", nil, ["late_reason"]),
        ("2026-11-02T13:00:00+08:00", true, "2026-11-02T13:05:00+08:00", "  ", ["late_reason"]),
        ("2026-11-02T13:00:00+08:00", true, "2026-11-02T13:05:00+08:00", "the regional office's line was down", []),
        // A supplementary report after the deadline is a phase, not a late first report.
        ("2026-11-02T13:00:00+08:00", false, "2026-11-02T16:00:00+08:00", nil, []),
        // Not yet: a filing cannot be later than now (2026-11-02T18:00+08:00).
        ("2026-11-02T13:00:00+08:00", false, "2026-11-02T19:00:00+08:00", nil, ["filed_at"]),
    ])
    func aLateFirstFilingNeedsItsReason(_ deadline: String, _ first: Bool, _ filedAt: String, _ reason: String?, _ refused: [String]) {
        let problems = FilingCheck.problems(
            deadline: Self.at(deadline), isFirst: first, filedAt: Self.at(filedAt), lateReason: reason, zone: TimeZone(identifier: "Asia/Shanghai")!,
            now: Self.at("2026-11-02T18:00:00+08:00"))
        #expect(problems.map(\.field) == refused)
        if refused == ["late_reason"] { #expect(problems[0].reason.contains("2026-11-02T13:00:00+08:00")) }
    }

    @Test(arguments: [
        ("2026-03-29T00:30:00Z", "Europe/Berlin", "2026-03-29T01:30:00+01:00"),
        ("2026-03-29T01:30:00Z", "Europe/Berlin", "2026-03-29T03:30:00+02:00"),
        ("2026-11-02T05:00:00Z", "Asia/Shanghai", "2026-11-02T13:00:00+08:00"),
        ("2026-03-08T07:00:00Z", "America/New_York", "2026-03-08T03:00:00-04:00"),
        ("2026-07-01T12:00:00Z", "Asia/Kolkata", "2026-07-01T17:30:00+05:30"),
    ])
    func deadlinesAreWrittenWithTheOffsetTheirZoneHasThen(_ instant: String, _ zone: String, _ expected: String) {
        #expect(ComplianceTime.rfc3339(Self.at(instant), TimeZone(identifier: zone)!) == expected)
    }
}
