import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// The console's group list, the composer's audience choices and the feedback inbox's subjects,
/// each one query, on both engines.
@Suite struct ConsoleListStoreTests {
    static let day = Date(timeIntervalSince1970: 1_795_000_000)

    @Test(arguments: TestDatabase.allCases)
    func groupsCountEveryMemberAndNameTheFirstByName(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            for number in 0..<25 {
                _ = try await store.createContact(Contact(
                    id: "ops\(number)", name: String(format: "运维 %02d", 24 - number), groups: number.isMultiple(of: 5) ? ["ops", "db"] : ["ops"],
                    roles: number == 3 ? ["dba", "lead"] : [], addresses: [.email: "ops\(number)@example.com"], createdAt: Self.day))
            }
            for number in 0..<10 {
                _ = try await store.createContact(Contact(id: "nobody\(number)", name: "没有分组 \(number)", addresses: [.email: "n\(number)@example.com"], createdAt: Self.day))
            }
            let groups = try await store.contactGroups(shown: 20)
            #expect(groups.map(\.group) == ["db", "ops"])
            #expect(groups.map(\.count) == [5, 25], "counts cover every member, not only those shown")
            let ops = try #require(groups.last)
            #expect(ops.members.count == 20)
            #expect(ops.members.first?.name == "运维 00" && ops.members.first?.id == "ops24", "members come by name")
            #expect(ops.members.last?.name == "运维 19")
            #expect(groups.first?.members.map(\.id) == ["ops20", "ops15", "ops10", "ops5", "ops0"])

            let labels = try await store.contactLabels()
            #expect(labels.groups == ["db", "ops"])
            #expect(labels.roles == ["dba", "lead"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aStoreWithoutGroupsHasNone(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            _ = try await store.createContact(Contact(id: "a", name: "A", addresses: [.email: "a@example.com"], createdAt: Self.day))
            #expect(try await store.contactGroups(shown: 20).isEmpty)
            let labels = try await store.contactLabels()
            #expect(labels.groups.isEmpty && labels.roles.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func feedbackSubjectsAreNamedInOneRead(_ engine: TestDatabase) async throws {
        try await engine.withStore { store in
            let content = NoticeContent(
                title: LocalizedText(zhCN: "支付维护", en: "Payment maintenance"), reason: LocalizedText(zhCN: "升级", en: "An upgrade"),
                impact: LocalizedText(zhCN: "无法支付", en: "No payments"), signature: LocalizedText(zhCN: "运维部", en: "Ops"),
                contact: NoticeContact(name: "Li", email: "li@example.com"), components: [], timeZone: "Asia/Shanghai",
                plannedStart: Self.day, plannedEnd: Self.day.addingTimeInterval(3600), reminderMinutes: [])
            let notice = try await store.createNotice(content, createdBy: "test")
            let titles = try await store.feedbackSubjectTitles([.notice(notice.id), .notice(notice.id), .notice("gone"), .incident("gone")])
            #expect(titles.count == 1, "a subject that no longer exists is left out")
            #expect(titles[.notice(notice.id)]?.text(for: .en) == "Payment maintenance")
            #expect(titles[.notice(notice.id)]?.text(for: .zhCN) == "支付维护")
            #expect(try await store.feedbackSubjectTitles([]).isEmpty)
        }
    }
}
