import Foundation
import HeraldCore
import Testing

@Suite struct ChannelPlannerTests {
    // 2026-11-22 03:00 in Shanghai (2026-11-21T19:00:00Z): inside 22:00-07:30 quiet hours.
    let night = Date(timeIntervalSince1970: 1_795_287_600)
    /// The channels these tests plan with, declared the way channels declare themselves: Core
    /// knows only what the catalogue tells it.
    static let catalogue = ChannelCatalogue([
        ChannelTraits(kind: .email, templateKind: .email, group: .email, address: .emailAddress),
        ChannelTraits(kind: .sms, templateKind: .sms, group: .sms, address: .phoneNumber),
        ChannelTraits(kind: .voice, templateKind: .sms, group: .voice, address: .phoneNumber),
        ChannelTraits(kind: .dingtalk, templateKind: .im, group: .im, address: .text(maximum: 200)),
        ChannelTraits(kind: .feishu, templateKind: .im, group: .im, address: .text(maximum: 200)),
        ChannelTraits(kind: .log, templateKind: .im, group: nil, address: .text(maximum: 200)),
    ])
    let planner = ChannelPlanner(catalogue: Self.catalogue)

    func contact(_ addresses: [ChannelKind: String], preferences: [Severity: [ChannelKind]] = [:], quiet: String? = nil,
                 consent: Consent = .granted) -> Contact {
        Contact(id: "c", name: "李娜", addresses: addresses, preferences: preferences, quietHours: quiet.flatMap(QuietHours.init),
                consent: consent, createdAt: night)
    }

    let everything: [ChannelKind: String] = [
        .email: "li@example.com", .sms: "+8613800000000", .voice: "+8613800000000", .dingtalk: "li.na", .feishu: "ou_1",
    ]

    @Test func severityPicksTheDefaultChannelsAndIMMeansEveryIMAddress() {
        #expect(planner.plan(contact(everything), severity: .high, now: night).map(\.channel) == [.sms, .voice, .dingtalk, .feishu, .email])
        #expect(planner.plan(contact(everything), severity: .medium, now: night).map(\.channel) == [.dingtalk, .feishu, .email])
        #expect(planner.plan(contact(everything), severity: .low, now: night).map(\.channel) == [.email])
    }

    @Test func preferencesReplaceTheDefaultsForTheirSeverity() {
        let picky = contact(everything, preferences: [.medium: [.sms]])
        #expect(planner.plan(picky, severity: .medium, now: night).map(\.channel) == [.sms])
        #expect(planner.plan(picky, severity: .low, now: night).map(\.channel) == [.email])
    }

    @Test func nobodyIsDroppedForLackOfAMatchingAddress() {
        let smsOnly = contact([.sms: "+8613800000000"])
        #expect(planner.plan(smsOnly, severity: .low, now: night).map(\.channel) == [.sms])
    }

    @Test func withoutConsentNothingIsPlanned() {
        #expect(planner.plan(contact(everything, consent: .pending), severity: .high, now: night).isEmpty)
        #expect(planner.plan(contact(everything, consent: .withdrawn), severity: .high, now: night).isEmpty)
    }

    @Test func quietHoursHoldBackAllButHighSeverity() throws {
        let sleeper = contact(everything, quiet: "22:00-07:30")
        let medium = planner.plan(sleeper, severity: .medium, now: night)
        let wake = try #require(medium.first?.notBefore)
        #expect(wake.timeIntervalSince(night) == 4.5 * 3600, "held until 07:30 local")
        #expect(planner.plan(sleeper, severity: .high, now: night).allSatisfy { $0.notBefore == nil })
        let afternoon = night.addingTimeInterval(12 * 3600)
        #expect(planner.plan(sleeper, severity: .low, now: afternoon).first?.notBefore == nil)
    }

    @Test func quietHoursAreReadAndWritten() {
        #expect(QuietHours("22:00-07:30") == QuietHours(start: 1320, end: 450))
        #expect(QuietHours("22:00-07:30")?.text == "22:00-07:30")
        #expect(QuietHours("25:00-07:00") == nil)
        #expect(QuietHours("22:00") == nil)
    }

    @Test func aFailedChannelFallsBackAlongTheChainToAnAddressTheContactHas() {
        #expect(planner.fallback(after: .dingtalk, for: contact(everything))?.channel == .sms)
        #expect(planner.fallback(after: .sms, for: contact(everything))?.channel == .voice)
        #expect(planner.fallback(after: .voice, for: contact(everything)) == nil)
        #expect(planner.fallback(after: .feishu, for: contact([.feishu: "ou_1", .voice: "+8613800000000"]))?.channel == .voice,
                "a missing SMS address skips to voice")
        #expect(planner.fallback(after: .email, for: contact(everything)) == nil, "email has no fallback by default")
        #expect(planner.fallback(after: .dingtalk, for: contact(everything, consent: .withdrawn)) == nil)
        let looping = ChannelPlanner(catalogue: Self.catalogue, fallbacks: [.sms: .voice, .voice: .sms])
        #expect(looping.fallback(after: .sms, for: contact([.sms: "+8613800000000"])) == nil, "a loop in the chain ends")
    }

    @Test func aChannelCoreNeverHeardOfIsPlannedByItsTraits() {
        let pager = ChannelKind("pager")
        let catalogue = ChannelCatalogue(Self.catalogue.all + [
            ChannelTraits(kind: pager, templateKind: .im, group: .im, address: .matching("^[0-9]{4}$", "four digits")),
        ])
        let planner = ChannelPlanner(catalogue: catalogue)
        let person = contact([.email: "li@example.com", .sms: "+8613800000000", pager: "1234"])
        #expect(planner.plan(person, severity: .medium, now: night).map(\.channel) == [pager, .email], "im includes it")
        #expect(planner.fallback(after: pager, for: person)?.channel == .sms, "and it falls back like the other IM channels")
        #expect(catalogue.problems(address: "12", on: pager, field: "addresses.pager") == [FieldError("addresses.pager", "must be four digits")])
        #expect(catalogue.kinds(in: .im) == [.dingtalk, .feishu, pager])
    }

    @Test func aChannelInNoGroupIsOnlySentOnByPreference() {
        let logOnly = contact([.log: "dev"])
        #expect(planner.plan(logOnly, severity: .high, now: night).isEmpty, "never the last resort either")
        #expect(planner.plan(contact([.log: "dev"], preferences: [.high: [.log]]), severity: .high, now: night).map(\.channel) == [.log])
    }
}
