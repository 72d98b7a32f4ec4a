import Foundation
import HeraldCore
import Testing

/// The send schedule the console shows before publishing is the one `NoticeLifecycle.due` keeps.
@Suite struct NoticeScheduleTests {
    static let start = Date(timeIntervalSince1970: 1_796_090_400)  // 2026-12-01 02:00 +08:00

    static func content(reminders: [Int], end: Date?) -> NoticeContent {
        NoticeContent(
            title: LocalizedText(en: "Upgrade"), reason: LocalizedText(en: "r"), impact: LocalizedText(en: "i"),
            signature: LocalizedText(en: "Ops"), contact: NoticeContact(name: "Li", email: "li@example.com"), components: ["pay"],
            timeZone: "Asia/Shanghai", plannedStart: start, plannedEnd: end, reminderMinutes: reminders)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var reminders: [Int]
        var end: Date?
        var publishedHoursBefore: Double
        /// Step keys in order, with `!` marking a step that will be skipped.
        var expected: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "published days ahead: every step", reminders: [60, 1440], end: start.addingTimeInterval(7200), publishedHoursBefore: 72,
             expected: ["announcement", "reminder-1440", "reminder-60", "start", "completion"]),
        Case(name: "published 3 hours ahead: the day-before reminder is skipped", reminders: [1440, 60], end: start.addingTimeInterval(7200),
             publishedHoursBefore: 3, expected: ["announcement", "reminder-1440!", "reminder-60", "start", "completion"]),
        Case(name: "no planned end: no recovery notice on the schedule", reminders: [], end: nil, publishedHoursBefore: 48,
             expected: ["announcement", "start"]),
    ]

    @Test(arguments: cases)
    func theScheduleListsEachStepAtItsTime(_ row: Case) {
        let content = Self.content(reminders: row.reminders, end: row.end)
        let published = Self.start.addingTimeInterval(-row.publishedHoursBefore * 3600)
        let schedule = NoticeLifecycle().schedule(content, publishedAt: published)
        #expect(schedule.map { $0.step.key + ($0.skipped ? "!" : "") } == row.expected)
        #expect(schedule.first?.at == published)
        for planned in schedule {
            if case .reminder(let minutes) = planned.step { #expect(planned.at == Self.start.addingTimeInterval(-Double(minutes) * 60)) }
        }
        let sent = schedule.filter { !$0.skipped }.map(\.at)
        #expect(sent == sent.sorted(), "what goes out is listed in the order it goes out")
    }

    @Test func dueSendsEachScheduledStepAtTheScheduledTime() {
        let content = Self.content(reminders: [1440, 60], end: Self.start.addingTimeInterval(7200))
        let published = Self.start.addingTimeInterval(-72 * 3600)
        let notice = Notice(id: "n", state: .scheduled, content: content, publishedAt: published, createdBy: "t", createdAt: published, updatedAt: published)
        for planned in NoticeLifecycle().schedule(content, publishedAt: published) {
            guard case .reminder = planned.step else { continue }
            #expect(NoticeLifecycle().due(notice, done: [], now: planned.at.addingTimeInterval(-1)).allSatisfy { $0.step != planned.step })
            #expect(NoticeLifecycle().due(notice, done: [], now: planned.at).contains { $0.step == planned.step })
        }
    }

    @Test(arguments: [
        (SkipReason.passedAtPublishing, "its time had passed when the notice was published", "发布时已过了它的时间"),
        (.downtimeStarted, "the downtime had already started", "停机已经开始"),
        (.windowEnded, "the downtime window had already ended", "停机时段已经结束"),
    ])
    func aRecordedSkipIsReadInTheReadersLanguage(_ reason: SkipReason, _ english: String, _ chinese: String) {
        #expect(reason.rawValue == english, "what notice_steps holds and the API shows does not change")
        #expect(SkipReason.text(reason.rawValue, in: .en) == english)
        #expect(SkipReason.text(reason.rawValue, in: .zhCN) == chinese)
    }

    @Test func aReasonHeraldDidNotWriteStaysAsRecorded() {
        #expect(SkipReason.text("skipped by hand", in: .zhCN) == "skipped by hand")
    }
}
