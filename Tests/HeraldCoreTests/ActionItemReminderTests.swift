import Foundation
import HeraldCore
import Testing

/// Action item reminders: who the owner is, when an item is overdue in its owner's zone, and that
/// it reminds once a day from 09:00 there until it is done.
@Suite struct ActionItemReminderTests {
    static func at(_ text: String) -> Date { RFC3339.parse(text)! }

    static let li = Contact(
        id: "oncall-li", name: "李雷", timeZone: "Asia/Shanghai", addresses: [.email: "li@example.com"], createdAt: at("2026-01-01T00:00:00Z"))
    static let han = Contact(
        id: "han", name: "Han Meimei", timeZone: "America/New_York", addresses: [.email: "han@example.com"], createdAt: at("2026-01-01T00:00:00Z"))
    static let otherLi = Contact(id: "li-2", name: "李雷 ", addresses: [.sms: "+8613800000001"], createdAt: at("2026-01-01T00:00:00Z"))
    static let twins = [
        Contact(id: "w1", name: "王芳", addresses: [:], createdAt: at("2026-01-01T00:00:00Z")),
        Contact(id: "w2", name: "王芳", addresses: [:], createdAt: at("2026-01-01T00:00:00Z")),
    ]

    @Test(arguments: [
        ("oncall-li", "oncall-li"),  // the contact's id
        ("LI@example.com", "oncall-li"),  // one of their addresses, in any case
        ("李雷", "oncall-li"),  // the name of exactly one contact
        (" han ", "han"),
        ("+8613800000001", "li-2"),
        ("王芳", nil),  // two contacts have that name: nobody is guessed
        ("dba team", nil),
        ("", nil),
    ] as [(String, String?)])
    func theOwnerIsAContactByIdAddressOrAnUnambiguousName(_ owner: String, _ contact: String?) {
        #expect(ActionItemOwner.contact(owner, among: [Self.li, Self.han, Self.otherLi] + Self.twins)?.id == contact)
    }

    @Test(arguments: [
        ("2026-03-20", "2026-03-20T15:59:00Z", 0),  // 23:59 on the due day in Shanghai
        ("2026-03-20", "2026-03-20T16:00:00Z", 1),  // midnight there: one day past
        ("2026-03-20", "2026-03-19T12:00:00Z", -1),
        ("2026-02-28", "2026-03-01T00:00:00Z", 1),  // across a month
        ("2028-02-28", "2028-03-01T00:00:00Z", 2),  // and a leap day
        ("2026-12-31", "2027-01-02T00:00:00Z", 2),  // and a year
    ])
    func overdueDaysAreCountedInTheZone(_ due: String, _ now: String, _ days: Int) {
        #expect(ActionItemReminders.daysOverdue(due, at: Self.at(now), zone: TimeZone(identifier: "Asia/Shanghai")!) == days)
    }

    static func open(_ title: String, owner: String, due: String, done: Bool = false, index: Int = 0) -> OpenActionItem {
        OpenActionItem(
            incidentID: "inc-1", incidentTitle: "支付失败", teamID: "payments", postmortemState: .published, index: index,
            item: ActionItem(title: title, owner: owner, due: due, done: done))
    }

    @Test(arguments: [
        ("2026-03-21T00:59:00Z", [String]()),  // 08:59 the day after, in Shanghai: not yet
        ("2026-03-21T01:00:00Z", ["oncall-li 2026-03-21 1"]),  // 09:00: the first reminder
        ("2026-03-21T13:00:00Z", ["oncall-li 2026-03-21 1", "han 2026-03-21 1"]),  // 09:00 in New York too
        // 10:00 on the 25th in Shanghai, 22:00 on the 24th in New York: each owner's own day.
        ("2026-03-25T02:00:00Z", ["oncall-li 2026-03-25 5", "han 2026-03-24 4"]),
        ("2026-03-20T10:00:00Z", []),  // the due day itself
    ])
    func overdueItemsRemindTheirOwnerOnceADayFromNineInTheirZone(_ now: String, _ expected: [String]) {
        let items = [
            Self.open("按成功率告警", owner: "李雷", due: "2026-03-20"), Self.open("Check pool size", owner: "han@example.com", due: "2026-03-20", index: 1),
            Self.open("Done already", owner: "李雷", due: "2026-03-01", done: true, index: 2), Self.open("Nobody's", owner: "dba", due: "2026-03-01", index: 3),
        ]
        let reminders = ActionItemReminders.due(items, contacts: [Self.li, Self.han], at: Self.at(now))
        #expect(reminders.map { "\($0.contact.id) \($0.day) \($0.daysOverdue)" } == expected)
    }

    @Test func aReminderIsKeyedByItemOwnerAndDaySoItIsSentOnceADay() {
        let item = Self.open("按成功率告警", owner: "李雷", due: "2026-03-20")
        func key(_ now: String, _ item: OpenActionItem) -> String? {
            ActionItemReminders.due([item], contacts: [Self.li], at: Self.at(now)).first?.key
        }
        let morning = key("2026-03-21T01:00:00Z", item), evening = key("2026-03-21T12:00:00Z", item)
        #expect(morning == "postmortem:inc-1:action:\(ActionItemReminders.fingerprint("按成功率告警")):2026-03-21:oncall-li")
        #expect(morning == evening, "the same day: the same key, which the queue keeps once")
        #expect(key("2026-03-22T01:00:00Z", item) != morning, "the next day: a new reminder")
        var moved = item
        moved.index = 4
        #expect(key("2026-03-21T05:00:00Z", moved) == morning, "reordering the list sends nothing twice")
        #expect(ActionItemReminders.fingerprint("按成功率告警") != ActionItemReminders.fingerprint("按成功率告警 "))
        #expect(ActionItemReminders.fingerprint("").count == 16)
    }

    @Test func theListSaysWhoIsRemindedAndHowOverdueEachItemIs() {
        let items = [Self.open("按成功率告警", owner: "李雷", due: "2026-03-20"), Self.open("Nobody's", owner: "dba", due: "2026-03-22", index: 1)]
        let lines = ActionItemLine.lines(items, contacts: [Self.li], at: Self.at("2026-03-21T17:00:00Z"), zone: TimeZone(identifier: "UTC")!)
        #expect(lines.map(\.owner?.id) == ["oncall-li", nil])
        #expect(lines.map(\.daysOverdue) == [2, -1], "01:00 on the 22nd in Shanghai; 17:00 on the 21st in UTC")
        #expect(lines.map(\.isOverdue) == [true, false])
    }
}
