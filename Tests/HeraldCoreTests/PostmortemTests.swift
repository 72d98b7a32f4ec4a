import Foundation
import HeraldCore
import Testing

/// Postmortems: which steps a postmortem takes, what a written section may hold, and the Markdown
/// export of a known incident, word for word in both languages.
@Suite struct PostmortemTests {
    static func at(_ text: String) -> Date { RFC3339.parse(text)! }

    @Test(arguments: [
        (PostmortemState.draft, PostmortemState.inReview, true),
        (.inReview, .published, true),
        (.inReview, .draft, true),  // the review sends it back
        (.draft, .published, false),  // not without a review
        (.published, .draft, false),  // published is final
        (.published, .inReview, false),
        (.draft, .draft, false),
    ])
    func aPostmortemGoesFromDraftThroughReviewToPublished(_ from: PostmortemState, _ to: PostmortemState, _ allowed: Bool) {
        let errors = PostmortemRules.transition(from: from, to: to)
        #expect(errors.isEmpty == allowed)
        if !allowed { #expect(errors.map(\.field) == ["state"]) }
    }

    @Test(arguments: [
        (PostmortemState.published, true, LocalizedText(en: "Some payments failed."), [String]()),
        (.published, true, LocalizedText(zhCN: "部分支付失败。"), []),
        (.published, true, LocalizedText(), ["public_summary"]),  // customers need words written for them
        (.published, true, LocalizedText(zhCN: " \n", en: " "), ["public_summary"]),
        (.published, false, LocalizedText(), []),  // inside only needs none
        (.inReview, true, LocalizedText(en: "Some payments failed."), ["public"]),  // only publishing goes public
        (.draft, false, LocalizedText(), []),
    ])
    func publishingOnTheStatusPageNeedsAPublicSummary(_ next: PostmortemState, _ isPublic: Bool, _ summary: LocalizedText, _ fields: [String]) {
        let errors = PostmortemRules.publish(to: next, isPublic: isPublic, sections: PostmortemSections(publicSummary: summary))
        #expect(errors.map(\.field) == fields)
    }

    @Test func aPublishedPostmortemIsThePublicIncidentsStatusAndNotOneOfItsUpdates() {
        var incident = Self.incident
        incident.status = .resolved
        incident.resolvedAt = Self.at("2026-03-10T02:40:00Z")
        func event(_ id: Int64, _ kind: IncidentEventKind, _ detail: String?, en: String? = nil) -> IncidentEvent {
            IncidentEvent(
                id: id, incidentID: incident.id, kind: kind, actor: "user:li", detail: detail, isPublic: true, at: Self.at("2026-03-10T02:00:00Z").addingTimeInterval(Double(id) * 600),
                translations: en.map { [.en: $0] } ?? [:])
        }
        let before = PublicIncident(incident: incident, updates: [event(1, .update, "支付异常")])
        #expect(before.publicStatus == "resolved" && before.postmortem(.en) == nil)
        let after = PublicIncident(incident: incident, updates: before.updates + [event(9, .postmortem, "部分支付失败 40 分钟。", en: "Some payments failed for 40 minutes.")])
        #expect(after.publicStatus == "postmortem")
        #expect(after.postmortem(.en) == PublicUpdate(id: "inc-1-9", status: "postmortem", body: "Some payments failed for 40 minutes.", at: Self.at("2026-03-10T03:30:00Z")))
        #expect(after.postmortem(.zhCN)?.body == "部分支付失败 40 分钟。")
        #expect(after.publicUpdates(.en) == before.publicUpdates(.en), "the updates are what they were, ending with the resolution")
        #expect(after.publicUpdates(.en).last?.status == "resolved")
        #expect(Language.en.statusLabel("postmortem") == "Postmortem" && Language.zhCN.statusLabel("postmortem") == "事后复盘")
    }

    @Test func onlyAResolvedIncidentGetsOnePostmortem() {
        var incident = Self.incident
        #expect(PostmortemRules.create(for: incident, existing: nil).isEmpty)
        #expect(PostmortemRules.create(for: incident, existing: Postmortem(incidentID: incident.id, createdBy: "a", createdAt: Self.at("2026-03-11T00:00:00Z"))).map(\.reason) == ["This incident already has a postmortem."])
        incident.status = .monitoring
        #expect(PostmortemRules.create(for: incident, existing: nil).first?.reason(in: .zhCN) == "事件尚未解决：复盘报告在事件解决后撰写。")
    }

    @Test func writtenSectionsAreCheckedFieldByField() {
        let draft = Postmortem(incidentID: "i", createdBy: "a", createdAt: Self.at("2026-03-11T00:00:00Z"))
        let sections = PostmortemSections(
            rootCause: "配置错误", wentWell: "", wentWrong: "bell\u{7}",
            actionItems: [
                ActionItem(title: "加告警", owner: "李雷", due: "2026-03-20"),
                ActionItem(title: " ", owner: "", due: "2026-02-30"),
                ActionItem(title: "ok", owner: "han", due: "20 March"),
            ])
        #expect(PostmortemRules.edit(draft, to: sections).map(\.field) == [
            "went_wrong", "action_items[1].title", "action_items[1].owner", "action_items[1].due", "action_items[2].due",
        ])
        var published = draft
        published.state = .published
        #expect(PostmortemRules.edit(published, to: PostmortemSections()).map(\.field) == ["state"])
        #expect(PostmortemRules.isDay("2028-02-29") && !PostmortemRules.isDay("2026-02-29") && !PostmortemRules.isDay("2026-1-05"))
    }

    /// 支付失败: impact from 09:48 (Shanghai), detected 10:00, acknowledged 10:03, mitigated 10:15,
    /// resolved 10:40; one alert; 李雷 paged by SMS (delivered) and by voice as a fallback (failed).
    static let incident = Incident(
        id: "inc-1", title: "支付失败", status: .resolved, severity: .high, impact: .major, components: ["pay", "db"], integrationID: "prom",
        createdAt: at("2026-03-10T02:00:00Z"), acknowledgedAt: at("2026-03-10T02:03:00Z"), acknowledgedBy: "user:li@example.com",
        resolvedAt: at("2026-03-10T02:40:00Z"), teamID: "payments")

    static var facts: PostmortemFacts {
        let milestones = IncidentMilestones(incident, set: [
            MilestoneRecord(milestone: .impactStarted, at: at("2026-03-10T01:48:00Z"), reason: "成功率从 09:48 下降", actor: "user:li@example.com", recordedAt: at("2026-03-10T03:00:00Z")),
            MilestoneRecord(milestone: .mitigated, at: at("2026-03-10T02:15:00Z"), reason: "rolled back", actor: "user:li@example.com", recordedAt: at("2026-03-10T03:00:00Z")),
        ])
        func event(_ id: Int64, _ kind: IncidentEventKind, _ time: String, _ actor: String, _ detail: String?, public isPublic: Bool = false, en: String? = nil) -> IncidentEvent {
            IncidentEvent(id: id, incidentID: "inc-1", kind: kind, actor: actor, detail: detail, isPublic: isPublic, at: at(time), translations: en.map { [.en: $0] } ?? [:])
        }
        let sms = ChannelKind(rawValue: "sms")!, voice = ChannelKind(rawValue: "voice")!
        return PostmortemFacts(
            incident: incident, milestones: milestones,
            events: [
                event(1, .opened, "2026-03-10T02:00:00Z", "integration:prom", nil),
                event(2, .pageQueued, "2026-03-10T02:00:00Z", "herald", "step 1"),
                event(3, .acknowledged, "2026-03-10T02:03:00Z", "user:li@example.com", nil),
                event(4, .update, "2026-03-10T02:10:00Z", "user:li@example.com", "支付异常，正在处理", public: true, en: "Payments are failing; we are on it."),
                event(5, .milestone, "2026-03-10T03:00:00Z", "user:li@example.com", "Mitigated: …"),
                event(6, .resolved, "2026-03-10T02:40:00Z", "user:li@example.com", "支付已恢复\n根因待查"),
            ],
            alerts: [StoredAlert(
                id: 7, dedupKey: "pay", status: .resolved, severity: .high, summary: "PaymentErrors", source: "prometheus", labels: [:], events: 3,
                firstAt: at("2026-03-10T02:00:00Z"), lastAt: at("2026-03-10T02:30:00Z"), resolvedAt: at("2026-03-10T02:35:00Z"))],
            pages: [
                Delivery(
                    id: 1, idempotencyKey: "incident:inc-1:step-0:li:sms", channel: sms, address: "+8613800000000", severity: .high, subject: nil, body: "",
                    state: .sent, attempts: 1, nextAttemptAt: at("2026-03-10T02:00:00Z"), lastError: nil, announcementID: nil, contactID: "li",
                    createdAt: at("2026-03-10T02:00:00Z"), sentAt: at("2026-03-10T02:00:04Z")),
                Delivery(
                    id: 2, idempotencyKey: "incident:inc-1:step-0:li:sms:fallback", channel: voice, address: "+8613800000000", severity: .high, subject: nil,
                    body: "", state: .dead, attempts: 3, nextAttemptAt: at("2026-03-10T02:02:00Z"), lastError: "busy", announcementID: nil, contactID: "li",
                    fallbackFrom: 1, createdAt: at("2026-03-10T02:01:00Z"), sentAt: nil),
            ],
            componentNames: ["pay": "支付", "db": "数据库"], contactNames: ["li": "李雷"])
    }

    static let postmortem = Postmortem(
        incidentID: "inc-1", state: .inReview,
        sections: PostmortemSections(
            rootCause: "A config push set the pool size to 0.", wentWell: "", wentWrong: "The alert fired 12 minutes late.",
            actionItems: [ActionItem(title: "Alert on success rate", owner: "李雷", due: "2026-03-20"), ActionItem(title: "Check pool size in CI", owner: "han", due: "2026-03-31", done: true)]),
        createdBy: "user:li@example.com", createdAt: at("2026-03-10T03:00:00Z"))

    @Test func theMarkdownExportOfAKnownIncidentInEnglish() {
        let markdown = PostmortemMarkdown.render(Self.postmortem, facts: Self.facts, language: .en, zone: TimeZone(identifier: "Asia/Shanghai")!)
        #expect(markdown == """
            # Postmortem: 支付失败

            - State: In review
            - Incident: inc-1
            - Times are in Asia/Shanghai.

            ## Summary

            - Severity: High
            - Impact: Major
            - Time to detect: 12 minutes (Impact started → Detected)
            - Time to acknowledge: 3 minutes (Detected → Acknowledged)
            - Time to mitigate: 27 minutes (Impact started → Mitigated)
            - Time to resolve: 40 minutes (Detected → Resolved)

            ## Impact

            - Components: 数据库 (db), 支付 (pay)
            - Users were affected for 27 minutes (Impact started → Mitigated)

            ## Timeline

            - 2026-03-10 09:48 (UTC+08:00) — **Impact started** (set by user:li@example.com: 成功率从 09:48 下降)
            - 2026-03-10 10:00 (UTC+08:00) — **Detected**
            - 2026-03-10 10:00 (UTC+08:00) — Opened · integration:prom
            - 2026-03-10 10:03 (UTC+08:00) — **Acknowledged**
            - 2026-03-10 10:03 (UTC+08:00) — Acknowledged · user:li@example.com
            - 2026-03-10 10:10 (UTC+08:00) — Public update · user:li@example.com: Payments are failing; we are on it.
            - 2026-03-10 10:15 (UTC+08:00) — **Mitigated** (set by user:li@example.com: rolled back)
            - 2026-03-10 10:40 (UTC+08:00) — **Resolved**
            - 2026-03-10 10:40 (UTC+08:00) — Resolved · user:li@example.com: 支付已恢复 根因待查

            ## Alerts

            - PaymentErrors — prometheus, first at 2026-03-10 10:00 (UTC+08:00), Resolved

            ## Who was paged

            - 2026-03-10 10:00 (UTC+08:00) — 李雷 by sms: delivered at 2026-03-10 10:00 (UTC+08:00)
            - 2026-03-10 10:01 (UTC+08:00) — 李雷 by voice: failed (fallback)

            ## Public updates

            - 2026-03-10 10:10 (UTC+08:00) — Payments are failing; we are on it.

            ## Root cause

            A config push set the pool size to 0.

            ## What went well

            _Not written yet._

            ## What went wrong

            The alert fired 12 minutes late.

            ## Action items

            - [ ] Alert on success rate — 李雷, due 2026-03-20
            - [x] Check pool size in CI — han, due 2026-03-31

            ## Public summary

            _Not written yet._

            """)
    }

    @Test func theMarkdownExportInChineseUsesTheCataloguesWordsAndTheReadersZone() {
        let markdown = PostmortemMarkdown.render(Self.postmortem, facts: Self.facts, language: .zhCN, zone: TimeZone(identifier: "UTC")!)
        #expect(markdown.hasPrefix("# 复盘报告：支付失败\n\n- 状态：评审中\n- 事件：inc-1\n- 时间均为 UTC 时间。\n\n## 概要\n"))
        #expect(markdown.contains("- 发现用时：12 分钟（影响开始 → 发现）"))
        #expect(markdown.contains("- 受影响组件：数据库 (db)、支付 (pay)"))
        #expect(markdown.contains("- 2026-03-10 01:48 (UTC+00:00) — **影响开始** (user:li@example.com 设置：成功率从 09:48 下降)"))
        #expect(markdown.contains("- 2026-03-10 02:10 (UTC+00:00) — 公开更新 · user:li@example.com: 支付异常，正在处理"))
        #expect(markdown.contains("## 做得好的\n\n_尚未撰写。_"))
        #expect(markdown.contains("- [ ] Alert on success rate — 李雷，截止 2026-03-20"))
    }
}
