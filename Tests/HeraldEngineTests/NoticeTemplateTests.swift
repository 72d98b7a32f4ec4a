import Foundation
import HeraldCore
import HeraldEngine
import Testing

@Suite struct NoticeTemplateTests {
    let start = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18 11:06:40 UTC, 19:06 in Shanghai
    let names: ComponentNames = ["pay": "支付网关", "web": "官方网站"]

    func notice(_ content: NoticeContent) -> Notice {
        Notice(id: "n1", state: .scheduled, content: content, createdBy: "t", createdAt: start, updatedAt: start)
    }

    @Test(arguments: [NoticeStep.announcement, .reminder(minutesBefore: 60), .start, .extended(number: 1), .completion, .cancellation, .test(number: 1)])
    func everyStepRendersEveryKindInBothLanguagesWithNoGaps(_ step: NoticeStep) throws {
        let rendered = try NoticeTemplates.load().render(notice(sampleContent(start: start)), step: step, late: false, componentNames: names)
        for kind in TemplateKind.allCases {
            for language in Language.allCases {
                let message = try #require(rendered[kind, language], "\(kind) \(language)")
                let all = [message.subject, message.text, message.html].compactMap { $0 }.joined()
                #expect(!message.text.isEmpty)
                #expect(!all.contains("{{") && !all.contains("}}"), "\(kind) \(language): \(all)")
            }
        }
        #expect(try JSONSerialization.jsonObject(with: Data(rendered[.webhook, .zhCN]!.text.utf8)) is [String: Any])
    }

    @Test func theAnnouncementIsAFormalNoticeWithTimesInTheNoticesZone() throws {
        let rendered = try NoticeTemplates.load().render(notice(sampleContent(start: start)), step: .announcement, late: false, componentNames: names)
        let email = try #require(rendered[.email, .zhCN])
        #expect(email.subject == "【停机维护通知】支付系统升级维护")
        #expect(email.text.hasPrefix("停机维护通知：支付系统升级维护\n\n尊敬的用户："))
        #expect(email.text.contains("维护时间：2026年11月18日 19:06（Asia/Shanghai，UTC+08:00） 至 2026年11月18日 21:06（Asia/Shanghai，UTC+08:00）"))
        #expect(email.text.contains("预计时长：2 小时"))
        #expect(email.text.contains("影响范围：支付网关、官方网站"))
        #expect(email.text.contains("联系方式：张伟，电话 +86 10 8888 6666，邮箱 ops@example.com"))
        #expect(email.text.hasSuffix("由此给您带来的不便，敬请谅解。感谢您的理解与支持！\n\n示例公司运维部"))
        let english = try #require(rendered[.email, .en])
        #expect(english.text.contains("When: 18 November 2026, 19:06 (Asia/Shanghai, UTC+08:00)"))
        #expect(english.text.contains("Expected duration: 2 hours"))
        let sms = try #require(rendered[.sms, .zhCN]?.text)
        #expect(sms == "【示例公司运维部】支付网关、官方网站将于11月18日 19:06(UTC+8)停机维护，预计2 小时。咨询+86 10 8888 6666")
        #expect(SMSLength(sms).fitsOneMessage)
    }

    @Test func operatorTextIsEscapedInHTMLAndJSONButNotInPlainText() throws {
        var content = sampleContent(start: start)
        content.impact = LocalizedText(zhCN: "<script>alert(\"x\")</script> & 其他", en: "Say \"hi\"\n<b>now</b>")
        let rendered = try NoticeTemplates.load().render(notice(content), step: .announcement, late: false, componentNames: names)
        let html = try #require(rendered[.email, .zhCN]?.html)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(rendered[.email, .zhCN]?.text.contains("<script>alert(\"x\")</script> & 其他") == true)
        let webhook = try JSONSerialization.jsonObject(with: Data(rendered[.webhook, .en]!.text.utf8)) as? [String: Any]
        #expect(webhook?["impact"] as? String == "Say \"hi\"\n<b>now</b>")
        #expect((webhook?["components"] as? [[String: String]])?.map { $0["name"] } == ["支付网关", "官方网站"])
    }

    @Test func aReaderOfTheMissingLanguageGetsTheOtherOne() throws {
        var content = sampleContent(start: start)
        content.title.en = nil
        let rendered = try NoticeTemplates.load().render(notice(content), step: .announcement, late: false, componentNames: names)
        #expect(rendered[.email, .en]?.subject == "[Planned maintenance] 支付系统升级维护")
    }

    @Test func operatorTemplatesReplaceShippedOnesAndAreChecked() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "{{% CONTENT_TYPE: TEXT}}【{{signature}}】{{title}}：{{planned_start}}".write(
            to: directory.appendingPathComponent("sms.zh-CN.mustache"), atomically: true, encoding: .utf8)
        let templates = try NoticeTemplates.load(overrides: directory.path)
        let rendered = try templates.render(notice(sampleContent(start: start)), step: .announcement, late: false, componentNames: names)
        #expect(rendered[.sms, .zhCN]?.text == "【示例公司运维部】支付系统升级维护：2026年11月18日 19:06（Asia/Shanghai，UTC+08:00）")
        #expect(templates.sources["sms.zh-CN.mustache"] == directory.path + "/sms.zh-CN.mustache")

        try "{{title}} {{ticket_number}}".write(to: directory.appendingPathComponent("im.en.mustache"), atomically: true, encoding: .utf8)
        #expect(throws: TemplateError.self) { try NoticeTemplates.load(overrides: directory.path) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("im.en.mustache"))
        try "x".write(to: directory.appendingPathComponent("fax.en.mustache"), atomically: true, encoding: .utf8)
        do {
            _ = try NoticeTemplates.load(overrides: directory.path)
            Issue.record("an unknown template file must be refused")
        } catch let error as TemplateError {
            #expect(error.description.contains("fax.en.mustache"))
        }
    }
}

/// A field the operator left empty leaves no label, link or separator behind, in any kind or language.
@Suite struct EmptyFieldTests {
    @Test(arguments: [NoticeStep.announcement, .completion, .cancellation])
    func emptyOptionalFieldsLeaveNothingBehind(_ step: NoticeStep) throws {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        var content = sampleContent(start: start)
        content.precautions = .empty
        content.followUp = .empty
        content.contact = NoticeContact(name: "张伟")
        let notice = Notice(id: "n1", state: .scheduled, content: content, createdBy: "t", createdAt: start, updatedAt: start)
        let rendered = try NoticeTemplates.load().render(notice, step: step, late: false, componentNames: ["pay": "支付网关", "web": "官方网站"])
        for kind in TemplateKind.allCases where kind != .webhook {
            for language in Language.allCases {
                let message = try #require(rendered[kind, language])
                let all = [message.subject, message.text, message.html].compactMap { $0 }.joined(separator: "\n")
                for leftover in ["注意事项：\n", "注意事项：<", "后续事项：\n", "Please note: \n", "mailto:\"", "href=\"\"", "电话 \n", "，电话 ，", ", phone ,", "取消原因：\n"] {
                    #expect(!all.contains(leftover), "\(kind) \(language) \(step) has '\(leftover)': \(all)")
                }
                #expect(!all.contains("注意事项") && !all.contains("Please note") && !all.contains("Precautions"), "\(kind) \(language): \(all)")
            }
        }
        let webhook = try #require(rendered[.webhook, .en]?.text)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(webhook.utf8)) as? [String: Any])
        #expect(object["precautions"] as? String == "", "JSON keeps the field, empty")
    }
}

/// Every message leads to the notice's public page, where readers also leave feedback.
@Suite struct NoticeLinkTests {
    @Test func everyMessageLinksToThePublicPageUnlessTheNoticeIsInternal() throws {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let notice = Notice(id: "n1", state: .scheduled, content: sampleContent(start: start), createdBy: "t", createdAt: start, updatedAt: start)
        let names: ComponentNames = ["pay": "支付网关", "web": "官方网站"]
        let rendered = try NoticeTemplates.load().render(notice, step: .announcement, late: false, componentNames: names, publicURL: "https://status.example.cn/")
        let link = "https://status.example.cn/maintenance/n1"
        #expect(rendered[.email, .zhCN]?.text.contains("详情与反馈：\(link)") == true)
        #expect(rendered[.email, .en]?.text.contains("Details and feedback: \(link)") == true)
        #expect(rendered[.email, .en]?.html?.contains(#"<a href="\#(link)">"#) == true)
        #expect(rendered[.im, .zhCN]?.text.contains("[详情与反馈](\(link))") == true)
        #expect(rendered[.webhook, .en]?.text.contains(#""url":"\#(link)""#) == true)
        var internalNotice = notice
        internalNotice.content.audience = NoticeAudience(visibility: .internal)
        let quiet = try NoticeTemplates.load().render(internalNotice, step: .announcement, late: false, componentNames: names, publicURL: "https://status.example.cn")
        #expect(quiet[.email, .zhCN]?.text.contains("详情与反馈") == false, "an internal notice has no public page")
        let none = try NoticeTemplates.load().render(notice, step: .announcement, late: false, componentNames: names)
        #expect(none[.email, .en]?.text.contains("Details and feedback") == false, "no public address configured, no link")
    }
}
