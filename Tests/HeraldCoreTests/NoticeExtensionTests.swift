import Foundation
import HeraldCore
import Testing

/// Moving a notice's end: a rescheduling before the start, an extension during the work.
@Suite struct NoticeExtensionTests {
    static let start = Date(timeIntervalSince1970: 1_796_000_000)
    static func notice(_ state: NoticeState, extensions: Int = 0, end: Date? = start.addingTimeInterval(7200)) -> Notice {
        let text = LocalizedText(zhCN: "维护")
        let content = NoticeContent(
            title: text, reason: text, impact: text, signature: text, contact: nil, components: ["pay"], timeZone: "Asia/Shanghai",
            plannedStart: start, plannedEnd: end)
        return Notice(id: "n", state: state, content: content, extensions: extensions, createdBy: "t", createdAt: start, updatedAt: start)
    }

    @Test(arguments: [
        (NoticeState.scheduled, 0, 3.0, Result<NoticeStep, NoticeExtension.Refusal>.success(.rescheduled(number: 1))),
        (.scheduled, 2, 3.0, .success(.rescheduled(number: 3))),
        (.inProgress, 0, 3.0, .success(.extended(number: 1))),
        (.inProgress, 1, 2.0, .failure(.notLater(than: start.addingTimeInterval(7200)))),
        (.inProgress, 1, 1.0, .failure(.notLater(than: start.addingTimeInterval(7200)))),
        (.draft, 0, 3.0, .failure(.notActive(.draft))),
        (.completed, 0, 3.0, .failure(.notActive(.completed))),
        (.cancelled, 0, 3.0, .failure(.notActive(.cancelled))),
    ])
    func movingTheEnd(_ state: NoticeState, _ extensions: Int, _ hours: Double, _ expected: Result<NoticeStep, NoticeExtension.Refusal>) {
        let decided = NoticeExtension.step(Self.notice(state, extensions: extensions), until: Self.start.addingTimeInterval(hours * 3600))
        #expect(decided == expected)
    }

    @Test func aNoticeWithoutAnEndIsMovedFromItsStart() {
        #expect(NoticeExtension.step(Self.notice(.scheduled, end: nil), until: Self.start) == .failure(.notLater(than: Self.start)))
        #expect(NoticeExtension.step(Self.notice(.scheduled, end: nil), until: Self.start.addingTimeInterval(60)) == .success(.rescheduled(number: 1)))
    }

    @Test func theStepsHaveTheirOwnKeys() {
        #expect(NoticeStep.rescheduled(number: 2).key == "reschedule-2")
        #expect(NoticeStep(key: "reschedule-2") == .rescheduled(number: 2))
        #expect(NoticeStep(key: "extension-2") == .extended(number: 2))
    }

    /// iCalendar's SEQUENCE counts every change to the window's times or status.
    @Test(arguments: [
        // state, extensions, actual start offset (s), actual end offset from the planned end (s), revision
        (NoticeState.scheduled, 0, nil as Double?, nil as Double?, 0),
        (.scheduled, 2, nil, nil, 2),
        (.inProgress, 0, 0.4, nil, 0),
        (.inProgress, 0, 300, nil, 1),
        (.completed, 0, 0, 0, 0),
        (.completed, 0, 0, -1800, 1),
        (.completed, 1, 0, -1800, 2),
        (.cancelled, 1, nil, nil, 2),
    ])
    func calendarRevision(_ state: NoticeState, _ extensions: Int, _ started: Double?, _ ended: Double?, _ revision: Int) {
        var notice = Self.notice(state, extensions: extensions)
        notice.actualStart = started.map { Self.start.addingTimeInterval($0) }
        notice.actualEnd = ended.map { notice.content.plannedEnd!.addingTimeInterval($0) }
        #expect(PublicMaintenance(notice: notice, updates: []).revision == revision)
    }
}
