import Foundation
import HeraldCore
import Testing

/// A drill's scorecard from its timeline and pages, and the trend of a team's drills, with worked
/// numbers; and the marker every message of a drill or a test carries.
@Suite struct DrillScorecardTests {
    static func at(_ minutes: Double) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + minutes * 60) }

    static func incident(acknowledged: Double?, resolved: Double? = nil, runbook: String? = "https://wiki/pay") -> Incident {
        Incident(
            id: "d1", title: "演练 Drill", status: resolved == nil ? .investigating : .resolved, severity: .high, createdAt: at(0),
            acknowledgedAt: acknowledged.map(at), resolvedAt: resolved.map(at), teamID: "payments", runbookURL: runbook, kind: .drill)
    }

    static func event(_ id: Int64, _ kind: IncidentEventKind, _ minutes: Double) -> IncidentEvent {
        IncidentEvent(id: id, incidentID: "d1", kind: kind, actor: "herald", detail: nil, isPublic: false, at: at(minutes))
    }

    static func page(_ id: Int64, _ channel: String, _ state: DeliveryState) -> Delivery {
        Delivery(
            id: id, idempotencyKey: "incident:d1:step-0:li:\(channel)\(id)", channel: ChannelKind(rawValue: channel)!, address: "x", severity: .high,
            subject: nil, body: "", state: state, attempts: 1, nextAttemptAt: at(0), lastError: nil, announcementID: nil, contactID: "li",
            createdAt: at(0.5), sentAt: state == .sent ? at(0.6) : nil)
    }

    @Test func theScorecardCountsFromTheFirstPage() {
        // Opened at 0, held by a 30 s group wait, paged at 0.5; step 2 at 5.5; acknowledged at 7.
        let events = [
            Self.event(1, .opened, 0), Self.event(2, .drill, 0), Self.event(3, .pageQueued, 0.5), Self.event(4, .escalated, 5.5),
            Self.event(5, .runbookOpened, 6), Self.event(6, .acknowledged, 7),
        ]
        let pages = [Self.page(1, "sms", .sent), Self.page(2, "email", .sent), Self.page(3, "email", .dead), Self.page(4, "voice", .pending)]
        let card = DrillScorecard.of(Self.incident(acknowledged: 7, resolved: 20), events: events, pages: pages, postmortem: PostmortemState.draft, targetSeconds: 300)
        #expect(card.acknowledgeSeconds == 390, "6.5 minutes from the first page, not 7 from the opening")
        #expect(card.metTarget == false && card.stepsPaged == 2)
        #expect(card.runbookOpened == true && card.postmortem == PostmortemState.draft && card.isOver)
        #expect(card.channels == [
            .init(channel: ChannelKind(rawValue: "email")!, queued: 2, arrived: 1, failed: 1), .init(channel: ChannelKind(rawValue: "sms")!, queued: 1, arrived: 1, failed: 0),
            .init(channel: ChannelKind(rawValue: "voice")!, queued: 1, arrived: 0, failed: 0),
        ])
    }

    @Test(arguments: [
        (nil as Double?, "https://wiki/pay" as String?, [IncidentEventKind.pageQueued], nil as Bool?, false as Bool?),  // not acknowledged yet
        (3, "https://wiki/pay", [.pageQueued], true, false),  // on time; runbook not opened
        (5, nil, [.pageQueued, .runbookOpened], true, nil),  // exactly the target meets it; no runbook, nothing to open
        (5.02, "https://wiki/pay", [.pageQueued, .runbookOpened], false, true),
    ])
    func theTargetAndTheRunbook(_ acknowledged: Double?, _ runbook: String?, _ kinds: [IncidentEventKind], _ met: Bool?, _ opened: Bool?) {
        let events = kinds.enumerated().map { Self.event(Int64($0.offset), $0.element, 0) }
        let card = DrillScorecard.of(
            Self.incident(acknowledged: acknowledged, runbook: runbook), events: events, pages: [], postmortem: nil, targetSeconds: 300)
        #expect(card.metTarget == met && card.runbookOpened == opened && !card.isOver)
    }

    @Test func eachDrillIsComparedWithTheTeamsDrillBefore() {
        func card(_ acknowledged: Double?) -> DrillScorecard {
            DrillScorecard.of(Self.incident(acknowledged: acknowledged), events: [Self.event(1, .pageQueued, 0)], pages: [], postmortem: nil, targetSeconds: 300)
        }
        #expect(DrillTrend.of([card(7), card(1), card(1), card(4), card(nil), card(2)]) == [.first, .faster(360), .same, .slower(180), .unknown, .unknown])
        #expect(DrillTrend.of([]) == [])
    }

    @Test func everyMessageOfADrillOrATestSaysSoInTheReadersLanguage() {
        #expect(IncidentKind.drill.marker(.zhCN) == "【演练】" && IncidentKind.drill.marker(.en) == "[DRILL] ")
        #expect(IncidentKind.test.marker(.zhCN) == "【测试】" && IncidentKind.test.marker(.en) == "[TEST] ")
        #expect(IncidentKind.real.marker(.zhCN).isEmpty && IncidentKind.real.marker(.en).isEmpty)
    }

    @Test(arguments: [
        (DrillRequest(team: "payments"), [String]()),
        (DrillRequest(team: "payments", kind: .test, title: "测试呼叫", runbookURL: "https://wiki.example.cn/pay"), []),
        (DrillRequest(team: "payments", kind: .real, title: " ", runbookURL: "ftp://wiki"), ["kind", "title", "runbook_url"]),  // all at once
    ])
    func aDrillRequestNamesEachProblem(_ request: DrillRequest, _ fields: [String]) {
        #expect(request.problems.map(\.field) == fields)
    }

    @Test func onlyARealIncidentGoesPublic() {
        #expect(IncidentKind.drill.publicUpdateProblems(isPublic: true).map(\.field) == ["public"])
        #expect(IncidentKind.test.publicUpdateProblems(isPublic: true).first?.reason(in: .zhCN) == "演练或测试不会发布到状态页：请改为添加内部备注。")
        #expect(IncidentKind.drill.publicUpdateProblems(isPublic: false).isEmpty && IncidentKind.real.publicUpdateProblems(isPublic: true).isEmpty)
        let summary = PostmortemSections(publicSummary: LocalizedText(en: "Some payments failed."))
        #expect(PostmortemRules.publish(to: .published, isPublic: true, sections: summary, kind: .drill).map(\.field) == ["public"])
        #expect(PostmortemRules.publish(to: .published, isPublic: true, sections: summary, kind: .real).isEmpty)
    }
}
