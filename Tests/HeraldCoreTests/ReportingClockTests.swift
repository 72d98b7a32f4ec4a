import Foundation
import HeraldCore
import Testing

/// The regulatory clocks' deadlines and reminders, from awareness times across zones and DST.
@Suite struct ReportingClockTests {
    static func at(_ text: String) -> Date { RFC3339.parse(text)! }
    static func regime(_ id: String) -> RegulatoryRegime { RegulatoryRegime.shipped.first { $0.id == id }! }

    @Test(arguments: [
        // GDPR Art. 33: 72 elapsed hours. Across Berlin's spring change the wall clock shows an hour later.
        ("gdpr", "art33-authority", "2026-03-28T10:00:00+01:00", "Europe/Berlin", "2026-03-31T11:00:00+02:00"),
        // …and across the autumn change an hour earlier.
        ("gdpr", "art33-authority", "2026-10-24T10:00:00+02:00", "Europe/Berlin", "2026-10-27T09:00:00+01:00"),
        ("cac-cii", "initial", "2026-11-01T23:30:00+08:00", "Asia/Shanghai", "2026-11-02T00:30:00+08:00"),
        ("cac-state", "initial", "2026-11-01T23:30:00+08:00", "Asia/Shanghai", "2026-11-02T01:30:00+08:00"),
        ("cac-other", "initial", "2026-11-01T23:30:00+08:00", "Asia/Shanghai", "2026-11-02T03:30:00+08:00"),
        // NIS2: 24 h and 72 h in New York across its spring change (2026-03-08).
        ("nis2", "early-warning", "2026-03-07T12:00:00-05:00", "America/New_York", "2026-03-08T13:00:00-04:00"),
        ("nis2", "notification", "2026-03-07T12:00:00-05:00", "America/New_York", "2026-03-10T13:00:00-04:00"),
        // The final report: a calendar month after the notification's deadline, at the same wall-clock time.
        ("nis2", "final-report", "2026-03-07T12:00:00-05:00", "America/New_York", "2026-04-10T13:00:00-04:00"),
        ("nis2", "final-report", "2026-10-02T10:00:00+02:00", "Europe/Berlin", "2026-11-05T10:00:00+01:00"),
        // A month from the 31st ends on the last day of a shorter month.
        ("nis2", "final-report", "2026-01-28T09:00:00Z", "UTC", "2026-02-28T09:00:00Z"),
    ])
    func deadlinesAreInstantsFromAwareness(_ id: String, _ step: String, _ awareness: String, _ zone: String, _ expected: String) {
        let clocks = ReportingClock.clocks(Self.regime(id), awareness: Self.at(awareness), zone: TimeZone(identifier: zone)!)
        #expect(clocks.first { $0.step == step }?.deadline == Self.at(expected))
    }

    @Test func aStepWithoutUndueDelayHasNoDeadlineAndNoReminders() {
        let clocks = ReportingClock.clocks(Self.regime("gdpr"), awareness: Self.at("2026-03-01T08:00:00Z"), zone: .gmt)
        let subjects = clocks.first { $0.step == "art34-subjects" }!
        #expect(subjects.deadline == nil && ReportingClock.reminders(subjects).isEmpty)
        #expect(ReportingClock.clocks(Self.regime("pipl"), awareness: Self.at("2026-03-01T08:00:00Z"), zone: .gmt).allSatisfy { $0.deadline == nil })
    }

    @Test func aFiledStepMovesTheStepCountedFromIt() {
        let filed = ["notification": Self.at("2026-03-08T09:15:00Z")]
        let clocks = ReportingClock.clocks(Self.regime("nis2"), awareness: Self.at("2026-03-07T12:00:00Z"), filed: filed, zone: .gmt)
        #expect(clocks.first { $0.step == "final-report" } == StepClock(step: "final-report", opens: filed["notification"], deadline: Self.at("2026-04-08T09:15:00Z")))
    }

    @Test(arguments: [
        ("gdpr", "art33-authority", ["2026-03-29T21:00:00Z", "2026-03-30T15:00:00Z", "2026-03-31T01:48:00Z", "2026-03-31T09:00:00Z"]),
        ("cac-cii", "initial", ["2026-03-28T09:30:00Z", "2026-03-28T09:45:00Z", "2026-03-28T09:54:00Z", "2026-03-28T10:00:00Z"]),
        ("cac-other", "initial", ["2026-03-28T11:00:00Z", "2026-03-28T12:00:00Z", "2026-03-28T12:36:00Z", "2026-03-28T13:00:00Z"]),
    ])
    func remindersFallAtHalfThreeQuartersNineTenthsAndTheDeadline(_ id: String, _ step: String, _ expected: [String]) {
        let clock = ReportingClock.clocks(Self.regime(id), awareness: Self.at("2026-03-28T09:00:00Z"), zone: TimeZone(identifier: "Europe/Berlin")!)
            .first { $0.step == step }!
        #expect(ReportingClock.reminders(clock) == expected.map(Self.at))
    }

    @Test func aMonthWindowsRemindersFollowItsRealLength() {
        // October 2026 in Berlin has 31 days and one hour more (the autumn change): the half is 372 h 30 min in, 10:30 UTC.
        let clock = ReportingClock.clocks(
            RegulatoryRegime(id: "x", name: LocalizedText(en: "x"), steps: [.init(id: "m", name: LocalizedText(en: "m"), window: .months(1))]),
            awareness: Self.at("2026-10-01T00:00:00+02:00"), zone: TimeZone(identifier: "Europe/Berlin")!)[0]
        #expect(clock.deadline == Self.at("2026-11-01T00:00:00+01:00"))
        #expect(ReportingClock.reminders(clock, points: [0.5]) == [Self.at("2026-10-16T10:30:00Z")])
    }
}
