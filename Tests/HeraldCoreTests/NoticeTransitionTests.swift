import HeraldCore
import Testing

/// What each notice step does to the notice and its components, without a database.
@Suite struct NoticeTransitionTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var step: NoticeStep
        var from: NoticeState
        var expected: NoticeTransition
        var testDescription: String { "\(step.key) from \(from.rawValue)" }
    }

    static let rows: [Row] = [
        Row(step: .announcement, from: .draft, expected: NoticeTransition(state: .scheduled)),
        Row(step: .reminder(minutesBefore: 60), from: .scheduled, expected: NoticeTransition(state: nil)),
        Row(step: .start, from: .scheduled, expected: NoticeTransition(state: .inProgress, components: .putUnderMaintenance, recordsActualStart: true)),
        Row(step: .extended(number: 1), from: .inProgress, expected: NoticeTransition(state: nil)),
        Row(step: .completion, from: .inProgress, expected: NoticeTransition(state: .completed, components: .restore, recordsActualEnd: true)),
        Row(step: .cancellation, from: .inProgress, expected: NoticeTransition(state: .cancelled, components: .restore)),
        Row(step: .cancellation, from: .scheduled, expected: NoticeTransition(state: .cancelled, components: .untouched)),
    ]

    @Test(arguments: rows)
    func aStepMovesTheNotice(_ row: Row) {
        #expect(NoticeTransition.of(row.step, from: row.from) == row.expected)
    }

    @Test func overlappingWindowsRememberWhatUsersHadBeforeTheFirst() {
        // Window A took pay from degraded; window B starts while A runs and also holds web.
        let a = MaintenanceHold.RunningNotice(components: ["pay"], before: ["pay": .degradedPerformance])
        let before = MaintenanceHold.before(["pay", "web", "gone"], current: ["pay": .underMaintenance, "web": .operational], others: [a])
        #expect(before == ["pay": .degradedPerformance, "web": .operational], "an unknown component is skipped")

        // B ends first: pay is still A's, web goes back.
        #expect(MaintenanceHold.restore(before, current: ["pay": .underMaintenance, "web": .underMaintenance], others: [a]) == ["web": .operational])
        // A ends last: pay goes back to what it was before A, unless an incident changed it meanwhile.
        #expect(MaintenanceHold.restore(a.before, current: ["pay": .underMaintenance], others: []) == ["pay": .degradedPerformance])
        #expect(MaintenanceHold.restore(a.before, current: ["pay": .majorOutage], others: []).isEmpty)
    }
}
