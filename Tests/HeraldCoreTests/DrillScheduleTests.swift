import Foundation
import HeraldCore
import Testing

/// Monthly drill schedules: which day "first tuesday" is in a month and zone, what is due when, and
/// the words the config is written in.
@Suite struct DrillScheduleTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    static func schedule(_ on: String, _ at: String = "10:00") -> DrillSchedule {
        try! DrillSchedule.parse(team: "payments", severity: .high, on: on, at: at, zone: shanghai, field: "drills.schedule[0]").get()
    }

    @Test(arguments: [
        ("first tuesday", 2026, 12, "2026-12-01T02:00:00Z"),  // 1 December 2026 is a Tuesday
        ("first tuesday", 2027, 1, "2027-01-05T02:00:00Z"),
        ("second tuesday", 2026, 12, "2026-12-08T02:00:00Z"),
        ("fourth monday", 2026, 3, "2026-03-23T02:00:00Z"),
        ("last friday", 2026, 2, "2026-02-27T02:00:00Z"),
        ("last sunday", 2026, 5, "2026-05-31T02:00:00Z"),
        ("first sunday", 2026, 3, "2026-03-01T02:00:00Z"),  // the month begins on it
    ])
    func theDayOfTheMonth(_ on: String, _ year: Int, _ month: Int, _ expected: String) {
        #expect(Self.schedule(on).occurrence(year: year, month: month) == RFC3339.parse(expected))
    }

    @Test(arguments: [
        ("2026-12-01T10:00:00+08:00", nil as String?, "2026-12-01" as String?),  // its time
        ("2026-12-01T10:59:00+08:00", nil, "2026-12-01"),  // within the hour's grace
        ("2026-12-01T10:30:00+08:00", "2026-12-01", nil),  // already started
        ("2026-12-01T11:01:00+08:00", nil, nil),  // Herald was down: not started late
        ("2026-12-01T09:59:00+08:00", nil, nil),  // not yet (November's is long past)
        ("2027-01-05T10:00:00+08:00", "2026-12-01", "2027-01-05"),  // the next month's, after December's
    ])
    func whatIsDue(_ now: String, _ started: String?, _ key: String?) {
        #expect(Self.schedule("first tuesday").due(at: RFC3339.parse(now)!, started: started)?.key == key)
    }

    @Test func theLatestTimeReachesBackIntoLastMonthAndLastYear() {
        let schedule = Self.schedule("first tuesday")
        #expect(schedule.latest(atOrBefore: RFC3339.parse("2027-01-02T00:00:00+08:00")!) == RFC3339.parse("2026-12-01T10:00:00+08:00"))
        #expect(schedule.job == "drill:payments:first-tuesday:1000")
    }

    @Test(arguments: [
        ("every tuesday", "10:00", ["drills.schedule[0].on"]),
        ("first funday", "10:00", ["drills.schedule[0].on"]),
        ("first", "10:00", ["drills.schedule[0].on"]),
        ("First Tuesday", "9:00", ["drills.schedule[0].at"]),  // any case; two digits for the hour
        ("last friday", "24:00", ["drills.schedule[0].at"]),
        ("fifth monday", "10:60", ["drills.schedule[0].on", "drills.schedule[0].at"]),  // both at once
    ])
    func wrongWordsAreNamedByField(_ on: String, _ at: String, _ fields: [String]) {
        guard case .failure(let failure) = DrillSchedule.parse(team: "payments", severity: .high, on: on, at: at, zone: Self.shanghai, field: "drills.schedule[0]")
        else {
            Issue.record("'\(on)' at '\(at)' should be refused")
            return
        }
        #expect(failure.errors.map(\.field) == fields)
    }
}
