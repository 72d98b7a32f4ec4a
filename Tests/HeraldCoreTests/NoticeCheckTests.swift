import Foundation
import HeraldCore
import Testing

@Suite struct NoticeCheckTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func content(start: TimeInterval = 3 * 86400, end: TimeInterval? = 3 * 86400 + 7200) -> NoticeContent {
        NoticeContent(
            title: LocalizedText(zhCN: "支付系统维护", en: "Payment maintenance"),
            reason: LocalizedText(zhCN: "系统升级", en: "An upgrade"),
            impact: LocalizedText(zhCN: "无法支付", en: "Payments are unavailable"),
            signature: LocalizedText(zhCN: "运维部", en: "Operations"),
            contact: NoticeContact(name: "张伟", phone: "+86 10 8888 6666"),
            components: ["pay"], timeZone: "Asia/Shanghai",
            plannedStart: now.addingTimeInterval(start), plannedEnd: end.map { now.addingTimeInterval($0) })
    }

    @Test func aCompleteNoticeWithTimeToSpareHasNoErrorsOrWarnings() {
        let report = NoticeChecker().check(content(), now: now, knownComponents: ["pay"], sms: [.zhCN: "短信", .en: "sms"])
        #expect(report.errors.isEmpty)
        #expect(report.warnings.isEmpty)
        #expect(report.canPublish)
    }

    @Test func missingContentAndImpossibleTimesAreErrors() {
        var bad = content(end: 3 * 86400 - 60)
        bad.reason = LocalizedText(zhCN: "系统升级")
        bad.contact = NoticeContact(name: "张伟")
        bad.timeZone = "China Standard Time"
        bad.components = ["pay", "ghost"]
        let report = NoticeChecker().check(bad, now: now, knownComponents: ["pay"], sms: [:])
        let fields = Set(report.errors.map(\.field))
        #expect(fields == ["reason.en", "contact", "time_zone", "planned_end", "components[1]"])
        #expect(!report.canPublish)
    }

    @Test func lessThanADayAheadAndNoEndAreWarnings() {
        let report = NoticeChecker().check(content(start: 5 * 3600, end: nil), now: now, knownComponents: ["pay"], sms: [:])
        #expect(report.warnings.map(\.code) == [.shortNotice, .noDuration])
        #expect(report.hasShortNotice && report.canPublish)
        #expect(report.warnings[0].message.contains("only 5 hours before the start"), "\(report.warnings[0].message)")
    }

    struct Lead: Sendable, CustomTestStringConvertible {
        var seconds: TimeInterval
        var words: String
        var testDescription: String { words }
    }

    /// The short-notice warning says how long ahead in words, as a person would.
    @Test(arguments: [
        Lead(seconds: 360, words: "only 6 minutes before"), Lead(seconds: 12_000, words: "only 3 hours 20 minutes before"),
        Lead(seconds: 60, words: "only 1 minute before"), Lead(seconds: 3_600, words: "only 1 hour before"),
        Lead(seconds: 10, words: "only less than a minute before"), Lead(seconds: -600, words: "only less than a minute before"),
    ])
    func theShortNoticeWarningSaysTheLeadInWords(_ lead: Lead) {
        let report = NoticeChecker().check(content(start: lead.seconds, end: lead.seconds + 3600), now: now, knownComponents: ["pay"], sms: [:])
        let warning = report.warnings.first { $0.code == .shortNotice }
        #expect(warning?.message.contains(lead.words) == true, "\(warning?.message ?? "no warning")")
    }

    @Test(arguments: [
        (360.0, Language.en, "6 minutes"), (12_000, .en, "3 hours 20 minutes"), (60, .en, "1 minute"), (90_000, .en, "1 day 1 hour"),
        (0, .en, "0 seconds"), (1, .en, "1 second"), (40, .zhCN, "40 秒"), (59.6, .en, "1 minute"), (9_000, .zhCN, "2 小时 30 分钟"),
        (172_800, .zhCN, "2 天"),
    ])
    func durationsInWords(_ seconds: TimeInterval, _ language: Language, _ words: String) {
        #expect(DurationText.format(seconds, language: language) == words)
    }

    @Test func jargonOfOneLanguageIsFoundInTheOthersText() {
        var text = content()
        text.reason = LocalizedText(zhCN: "进行数据库failover", en: "The 割接 of the payment system")
        let report = NoticeChecker().check(text, now: now, knownComponents: ["pay"], sms: [:])
        let jargon = report.warnings.filter { $0.code == .jargon }
        #expect(jargon.contains { $0.field == "reason.zh-CN" && $0.message.contains("'failover'") && $0.message.contains("switch to the backup system") })
        #expect(jargon.contains { $0.field == "reason.en" && $0.message.contains("'割接'") && $0.message.contains("系统切换") })
        // A term on both lists counts once, with the suggestion in the text's language.
        text.reason = LocalizedText(zhCN: "调整DNS", en: "A DNS change")
        let both = NoticeChecker().check(text, now: now, knownComponents: ["pay"], sms: [:]).warnings.filter { $0.code == .jargon }
        #expect(both.map(\.field) == ["reason.zh-CN", "reason.en"])
        #expect(both[0].message.contains("域名解析") && both[1].message.contains("domain name system"))
    }

    @Test func jargonIsFoundInEitherLanguageWithASuggestion() {
        var text = content()
        text.reason = LocalizedText(zhCN: "数据库主从切换和DNS割接", en: "A database failover and a DNSSEC change")
        let report = NoticeChecker().check(text, now: now, knownComponents: ["pay"], sms: [:])
        let jargon = report.warnings.filter { $0.code == .jargon }
        #expect(jargon.map(\.field) == ["reason.zh-CN", "reason.zh-CN", "reason.zh-CN", "reason.en"])
        #expect(jargon.contains { $0.message.contains("'割接'") && $0.message.contains("系统切换") })
        #expect(!jargon.contains { $0.message.contains("'DNS'") && $0.field == "reason.en" }, "DNSSEC is not the word DNS")
        let extended = NoticeChecker(jargon: Jargon.standard.merging([.en: ["change": "update"]]))
        #expect(extended.check(text, now: now, knownComponents: ["pay"], sms: [:]).warnings.contains { $0.message.contains("'change'") })
    }

    @Test func smsLengthUsesTheEncodingsSingleMessageLimit() {
        #expect(SMSLength(String(repeating: "a", count: 160)).fitsOneMessage)
        #expect(!SMSLength(String(repeating: "a", count: 161)).fitsOneMessage)
        #expect(SMSLength(String(repeating: "维", count: 70)) == SMSLength(String(repeating: "护", count: 70)))
        #expect(SMSLength(String(repeating: "维", count: 70)).encoding == .ucs2)
        #expect(!SMSLength(String(repeating: "维", count: 71)).fitsOneMessage)
        #expect(SMSLength(String(repeating: "维", count: 71)).segments == 2)
        #expect(SMSLength("price: 5€").units == 10, "€ takes an escape septet")
        let report = NoticeChecker().check(content(), now: now, knownComponents: ["pay"], sms: [.zhCN: String(repeating: "停", count: 80)])
        #expect(report.warnings.map(\.code) == [.smsTooLong])
        #expect(report.warnings[0].message.contains("80 UCS-2"))
    }

    @Test func aLanguageTheAudienceReadsButTheNoticeLacksIsAWarning() {
        var chineseOnly = content()
        chineseOnly.title.en = nil
        let report = NoticeChecker(audienceLanguages: [.zhCN, .en]).check(chineseOnly, now: now, knownComponents: ["pay"], sms: [:])
        #expect(report.warnings.map(\.field) == ["title.en"])
        #expect(report.errors.isEmpty, "the other texts may keep their English; only the title decides the languages")
        let onlyChineseReaders = NoticeChecker(audienceLanguages: [.zhCN]).check(chineseOnly, now: now, knownComponents: ["pay"], sms: [:])
        #expect(onlyChineseReaders.warnings.isEmpty)
    }

    @Test func stepKeysRoundTrip() {
        let steps: [NoticeStep] = [.announcement, .reminder(minutesBefore: 1440), .start, .extended(number: 2), .completion, .cancellation, .test(number: 3)]
        #expect(steps.map { NoticeStep(key: $0.key) } == steps)
        #expect(NoticeStep(key: "reminder-x") == nil)
    }
}
