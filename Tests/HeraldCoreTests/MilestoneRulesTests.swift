import Foundation
import HeraldCore
import Testing

/// What a responder may set on an incident's milestones, and the response times they make.
@Suite struct MilestoneRulesTests {
    static let detected = RFC3339.parse("2026-03-02T09:00:00+08:00")!
    static let now = detected.addingTimeInterval(3600)

    /// Detected at 09:00, acknowledged at 09:05; resolved at 09:40 when `resolved`.
    static func incident(acknowledged: Bool = true, resolved: Bool = true) -> Incident {
        Incident(
            id: "i", title: "支付失败", status: resolved ? .resolved : .investigating, severity: .high, createdAt: detected,
            acknowledgedAt: acknowledged ? detected.addingTimeInterval(300) : nil, resolvedAt: resolved ? detected.addingTimeInterval(2400) : nil)
    }

    static func record(_ milestone: Milestone, _ minutes: Double) -> MilestoneRecord {
        MilestoneRecord(milestone: milestone, at: detected.addingTimeInterval(minutes * 60), reason: "r", actor: "user:a@example.com", recordedAt: now)
    }

    /// milestone, minutes after detection (nil: take back), reason, what a responder set before,
    /// acknowledged, resolved → the fields refused (empty: accepted).
    @Test(arguments: [
        (Milestone.impactStarted, -12.0 as Double?, "监控晚了十二分钟", [MilestoneRecord](), true, true, [String]()),
        (.impactStarted, 1, "after detection", [], true, true, ["at"]),  // impact after detection: MTTD negative
        (.impactStarted, -12, "  ", [], true, true, ["reason"]),  // a correction needs a reason
        (.impactStarted, -12, "", [], true, true, ["reason"]),
        (.mitigated, 20, "rolled back", [MilestoneRulesTests.record(.impactStarted, -12)], true, true, []),
        (.mitigated, -20, "before impact", [MilestoneRulesTests.record(.impactStarted, -12)], true, true, ["at"]),  // mitigated cannot precede impact start
        (.mitigated, 50, "after resolution", [], true, true, ["at"]),  // resolved at 40
        (.mitigated, 50, "still open", [], true, false, []),  // not resolved yet: nothing to come after
        (.detected, -3, "the first alert was late", [], true, true, []),
        (.detected, 10, "after the acknowledgement", [], true, true, ["at"]),
        (.acknowledged, 8, "paged by phone first", [], true, true, []),
        (.acknowledged, 8, "nobody has", [], false, false, ["milestone"]),  // acknowledge it instead
        (.resolved, 30, "not resolved", [], true, false, ["milestone"]),
        (.resolved, 90, "in the future", [], true, true, ["at"]),  // an hour after detection is now
        (.mitigated, nil, "take back", [], true, true, ["at"]),  // nobody set it: nothing to take back
        (.mitigated, nil, "take back", [MilestoneRulesTests.record(.mitigated, 20)], true, true, []),
        // Taking back a correction that kept the order makes Herald's time in force again: checked too.
        (.acknowledged, nil, "take back", [MilestoneRulesTests.record(.detected, 10), MilestoneRulesTests.record(.acknowledged, 12)], true, true, ["at"]),
        (.mitigated, 50, "", [], true, true, ["reason", "at"]),  // every problem at once
    ] as [(Milestone, Double?, String, [MilestoneRecord], Bool, Bool, [String])])
    func changesAreCheckedAgainstTheOtherMilestones(
        _ milestone: Milestone, _ minutes: Double?, _ reason: String, _ set: [MilestoneRecord], _ acknowledged: Bool, _ resolved: Bool, _ refused: [String]
    ) {
        let milestones = IncidentMilestones(Self.incident(acknowledged: acknowledged, resolved: resolved), set: set)
        let change = MilestoneChange(milestone: milestone, at: minutes.map { Self.detected.addingTimeInterval($0 * 60) }, reason: reason)
        switch change.decide(milestones, actor: "user:a@example.com", now: Self.now) {
        case .refused(let errors): #expect(errors.map(\.field) == refused, "\(errors)")
        case .set(let record):
            #expect(refused.isEmpty)
            #expect(record.milestone == milestone && record.at == change.at && record.reason == reason.trimmingCharacters(in: .whitespaces))
            #expect(record.actor == "user:a@example.com" && record.recordedAt == Self.now)
        case .cleared(let cleared):
            #expect(refused.isEmpty && minutes == nil && cleared == milestone)
        }
    }

    @Test func anOrderRefusedNamesBothMilestonesInEachLanguage() throws {
        let milestones = IncidentMilestones(Self.incident(), set: [Self.record(.impactStarted, -12)])
        let change = MilestoneChange(milestone: .mitigated, at: Self.detected.addingTimeInterval(-20 * 60), reason: "typo")
        guard case .refused(let errors) = change.decide(milestones, actor: "a", now: Self.now) else { Issue.record("accepted"); return }
        let error = try #require(errors.first)
        #expect(error.reason == "Mitigated cannot come before Impact started.")
        #expect(error.reason(in: .zhCN) == "缓解不能早于影响开始。")
    }

    @Test func aResponderTimeIsInForceOverHeraldsAndSaysWhose() {
        let milestones = IncidentMilestones(Self.incident(), set: [Self.record(.detected, -3), Self.record(.impactStarted, -12)])
        #expect(milestones.time(.detected) == Self.detected.addingTimeInterval(-180))
        #expect(milestones.recorded[.detected] == Self.detected)
        #expect(milestones.source(.detected) == .responder)
        #expect(milestones.source(.acknowledged) == .herald)
        #expect(milestones.source(.mitigated) == nil)
        #expect(ResponseMetric.mttd.seconds(milestones) == 540)  // 08:48 → 08:57
        #expect(ResponseMetric.mtta.seconds(milestones) == 480)  // 08:57 → 09:05: measured from the corrected detection
        #expect(ResponseMetric.mttm.seconds(milestones) == nil)  // nobody said when it was mitigated
    }

    /// Three incidents: impact 12 and 4 minutes before detection on two, unknown on the third;
    /// mitigated 20 minutes after impact on one.
    @Test func mttdAndTimeToMitigateCountOnlyIncidentsWithTheirMilestones() throws {
        let incidents = ["a", "b", "c"].map { id in
            var incident = Self.incident()
            incident.id = id
            incident.teamID = "payments"
            return incident
        }
        let set: [String: [MilestoneRecord]] = [
            "a": [Self.record(.impactStarted, -12), Self.record(.mitigated, 8)],
            "b": [Self.record(.impactStarted, -4)],
        ]
        let row = try #require(ResponseAnalytics.summarise(incidents, milestones: set, by: .team, period: .all, zone: TimeZone(identifier: "UTC")!).first)
        #expect(row.incidents == 3)
        #expect(row.figures[.mttd] == DurationSummary([720, 240]))
        #expect(row.figures[.mttd]?.mean == 480)
        #expect(row.figures[.mttd]?.p90 == 720)
        #expect(row.figures[.mttm] == DurationSummary([1200]))
        #expect(row.figures[.mtta]?.count == 3)
        #expect(ResponseMetric.mttd.definition == ("impact_started", "detected"))
        #expect(ResponseMetric.mttm.definition == ("impact_started", "mitigated"))
    }
}
