import Foundation
import HeraldCore
import Testing

@Suite struct BackupScheduleTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: [
        // hours since the last success (nil: never), due
        (nil, true), (0.0, false), (23.9, false), (24.0, true), (72.0, true),
    ] as [(Double?, Bool)])
    func aDailyBackupIsDueADayAfterTheLastSuccess(_ hoursAgo: Double?, _ due: Bool) {
        let schedule = BackupSchedule(every: 86_400)
        let last = hoursAgo.map { Self.start.addingTimeInterval(-$0 * 3600) }
        #expect(schedule.isDue(lastSuccess: last, now: Self.start) == due)
    }

    @Test(arguments: [
        // every (s), grace, lease
        (86_400.0, 43_200.0, 3_600.0),  // daily: late after 36 h, one try an hour at most
        (3_600.0, 1_800.0, 900.0),  // hourly
        (600.0, 600.0, 300.0),  // every 10 minutes: at least 10 minutes' grace, 5 minutes' lease
    ])
    func graceAndLeaseFollowTheInterval(_ every: Double, _ grace: Double, _ lease: Double) {
        let schedule = BackupSchedule(every: every)
        #expect(schedule.grace == grace)
        #expect(schedule.lease == lease)
    }
}
