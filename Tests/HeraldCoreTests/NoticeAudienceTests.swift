import Foundation
import HeraldCore
import Testing

/// A notice reaches the people it is for, and the check says how many.
@Suite struct NoticeAudienceTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)
    static func contact(_ id: String, groups: [String] = [], roles: [String] = [], follows: [String] = [], consent: Consent = .granted) -> Contact {
        Contact(id: id, name: id, groups: groups, roles: roles, addresses: [.email: "\(id)@example.com"], subscriptions: follows, consent: consent, createdAt: now)
    }
    static let contacts = [
        contact("ops", groups: ["ops"]),
        contact("dba", roles: ["dba"]),
        contact("sales", groups: ["sales"]),
        contact("customer", groups: [NoticeAudience.subscriberGroup], follows: ["pay"]),
        contact("other-customer", groups: [NoticeAudience.subscriberGroup], follows: ["web"]),
        contact("gone", groups: ["ops"], consent: .withdrawn),
    ]

    @Test(arguments: [
        (NoticeAudience.everyone, ["ops", "dba", "sales", "customer"]),
        (NoticeAudience(subscribers: false), ["ops", "dba", "sales"]),
        (NoticeAudience(groups: ["ops"]), ["ops", "customer"]),
        (NoticeAudience(groups: ["ops"], subscribers: false), ["ops"]),
        (NoticeAudience(roles: ["dba"], subscribers: false), ["dba"]),
        (NoticeAudience(groups: ["ops"], roles: ["dba"], subscribers: false), ["ops", "dba"]),
        (NoticeAudience(visibility: .internal), ["ops", "dba", "sales"]),
        (NoticeAudience(visibility: .internal, groups: ["ops"]), ["ops"]),
        (NoticeAudience(visibility: .internal, groups: ["ops"], subscribers: true), ["ops"]),
    ])
    func whoGetsANoticeAboutPay(_ audience: NoticeAudience, _ expected: [String]) {
        #expect(Self.contacts.filter { audience.includes($0, components: ["pay"]) }.map(\.id) == expected)
    }

    @Test func theCheckCountsPeopleAndChannelsAndWarnsAboutTypos() {
        let text = LocalizedText(zhCN: "维护")
        let content = NoticeContent(
            title: text, reason: text, impact: text, signature: text, contact: nil, components: ["pay"], timeZone: "Asia/Shanghai",
            plannedStart: Self.now.addingTimeInterval(86400 * 3), plannedEnd: nil,
            audience: NoticeAudience(visibility: .internal, groups: ["ops", "opps"], roles: ["dbaa"]))
        let planner = ChannelPlanner(catalogue: ChannelCatalogue([]))
        let reach = NoticeReach.of(content, contacts: Self.contacts, planner: planner, now: Self.now)
        #expect(reach.people == 1)
        let warnings = reach.warnings(for: content.readers, among: Self.contacts)
        #expect(warnings.map(\.message) == ["no contact is in group 'opps'", "no contact has role 'dbaa'"])
        var nobody = content
        nobody.audience = NoticeAudience(groups: ["nobody"], subscribers: false)
        let none = NoticeReach.of(nobody, contacts: Self.contacts, planner: planner, now: Self.now)
        #expect(none.people == 0 && none.warnings(for: nobody.readers, among: Self.contacts).map(\.code) == [.unknownAudience, .noAudience])
    }

    @Test func readingRefusesAnInternalNoticeForSubscribers() throws {
        var parent = ObjectReader(.object([:]))
        let audience = NoticeAudience.read(
            try JSONValue.parse(Array(#"{"visibility":"internal","groups":["ops",""],"subscribers":true,"colour":"red"}"#.utf8)), into: &parent)
        #expect(audience.isInternal && audience.groups == ["ops"])
        #expect(Set(parent.errors.map(\.field)) == ["audience.groups[1]", "audience.subscribers", "audience.colour"])
    }
}
