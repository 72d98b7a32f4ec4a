import Foundation
import HeraldCore
import HeraldEngine
import Testing

/// What every message says, read as a reader would: an opening that suits the kind of work, no
/// sentence said twice, no label left without its text.
@Suite struct NoticeWordingTests {
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    let names: ComponentNames = ["pay": "支付网关", "web": "官方网站"]
    static let steps: [NoticeStep] = [
        .announcement, .reminder(minutesBefore: 60), .start, .extended(number: 1), .rescheduled(number: 1), .completion, .cancellation,
        .test(number: 1),
    ]

    /// A published notice of `kind`: its severity, and a lead of two hours (short notice) or three days.
    func notice(_ kind: NoticeKind, extensionReason: String? = "数据迁移比预期慢 / The data migration is slower than expected") -> Notice {
        var content = sampleContent(start: start)
        let short = kind == .emergency || kind == .urgent
        content.severity = switch kind {
        case .emergency, .major: .high
        case .urgent, .planned: .medium
        case .routine: .low
        }
        return Notice(
            id: "n1", state: .scheduled, content: content, publishedAt: start.addingTimeInterval(short ? -2 * 3600 : -3 * 86400),
            shortNoticeReason: short ? "安全补丁" : nil, cancellationReason: "不再需要", extensions: 1, extensionReason: extensionReason,
            createdBy: "t", createdAt: start, updatedAt: start)
    }

    /// The sentences of a text: split at line ends and at sentence marks, without list and emphasis marks.
    static func sentences(_ text: String) -> [String] {
        var sentences: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            var current = ""
            for character in line {
                current.append(character)
                if "。！？!?".contains(character) || (character == "." && current.count > 3) {
                    sentences.append(current)
                    current = ""
                }
            }
            sentences.append(current)
        }
        return sentences.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " -*#").union(.whitespaces)) }.filter { $0.count > 3 }
    }

    /// The readable text of an HTML mail: its body, tags taken out.
    static func visible(_ html: String) -> String {
        let body = html.range(of: "<body").map { String(html[$0.lowerBound...]) } ?? html
        // Links and emphasis stay inside their line; every other tag ends one.
        return body.replacingOccurrences(of: "</?(a|strong|em|b)( [^>]*)?>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "<[^>]+>", with: "\n", options: .regularExpression)
    }

    @Test func everyKindStepLanguageAndChannelSaysEachSentenceOnceAndLeavesNoEmptyLabel() throws {
        let templates = try NoticeTemplates.load()
        var checked = 0
        for kind in NoticeKind.allCases {
            for step in Self.steps {
                let rendered = try templates.render(
                    notice(kind), step: step, late: false, componentNames: names, publicURL: "https://status.example.cn")
                for template in TemplateKind.allCases where template != .webhook {
                    for language in Language.allCases {
                        let message = try #require(rendered[template, language])
                        let where_ = "\(kind) \(step.key) \(template) \(language)"
                        for text in [message.text, message.html.map(Self.visible)].compactMap({ $0 }) {
                            let sentences = Self.sentences(text)
                            let repeated = Dictionary(grouping: sentences, by: { $0 }).filter { $0.value.count > 1 }.keys
                            #expect(repeated.isEmpty, "\(where_) says twice: \(repeated.sorted())\n\(text)")
                            for line in text.split(whereSeparator: \.isNewline).map(String.init) {
                                let bare = line.trimmingCharacters(in: CharacterSet(charactersIn: " -*").union(.whitespaces))
                                // A label with nothing after it; the greeting is the one line that ends with a colon.
                                let emptyLabel = (bare.hasSuffix("：") || bare.hasSuffix(":")) && bare != language.text(.noticeGreeting)
                                #expect(!emptyLabel, "\(where_) leaves an empty label: '\(line)'")
                            }
                            for leftover in ["（）", "()", "<td></td>", "href=\"\"", "mailto:\"", "：。", ": ."] {
                                #expect(!(message.html ?? "").contains(leftover) && !text.contains(leftover), "\(where_) has '\(leftover)'")
                            }
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == NoticeKind.allCases.count * Self.steps.count * (TemplateKind.allCases.count - 1) * Language.allCases.count)
    }

    @Test func theOpeningSuitsTheKindOfWork() throws {
        let templates = try NoticeTemplates.load()
        var openings: [NoticeKind: String] = [:]
        for kind in NoticeKind.allCases {
            let rendered = try templates.render(notice(kind), step: .announcement, late: false, componentNames: names)
            for language in Language.allCases {
                let intro = language.text(kind.announcementIntro)
                #expect(rendered[.email, language]?.text.contains("\n\n\(intro)\n\n") == true, "\(kind) \(language)")
                #expect(rendered[.statusPage, language]?.text.hasPrefix(intro) == true)
            }
            openings[kind] = rendered[.im, .zhCN]?.text
        }
        #expect(Set(NoticeKind.allCases.map { Language.zhCN.text($0.announcementIntro) }).count == NoticeKind.allCases.count)
        // An urgent security patch is not done "to improve the service".
        for kind in [NoticeKind.emergency, .urgent] { #expect(openings[kind]?.contains("为提升服务质量") == false) }
        #expect(openings[.emergency]?.contains("紧急") == true)
        #expect(openings[.planned]?.contains("为提升服务质量") == true)
    }

    @Test func theReasonForAMoveIsInItsOwnMessagesInBothLanguagesAndNoOthers() throws {
        let templates = try NoticeTemplates.load()
        var moved = notice(.planned, extensionReason: "数据迁移比预期慢")
        moved.content.title.en = "Payment system upgrade"
        for step in [NoticeStep.extended(number: 1), .rescheduled(number: 1)] {
            let rendered = try templates.render(moved, step: step, late: false, componentNames: names)
            #expect(rendered[.email, .zhCN]?.text.contains("变更原因：数据迁移比预期慢\n") == true)
            #expect(rendered[.email, .en]?.text.contains("Why it changed: 数据迁移比预期慢\n") == true)
            #expect(rendered[.email, .zhCN]?.html?.contains("<th align=\"left\">变更原因</th><td>数据迁移比预期慢</td>") == true)
            #expect(rendered[.im, .zhCN]?.text.contains("- **变更原因**：数据迁移比预期慢") == true)
            #expect(rendered[.im, .en]?.text.contains("- **Why it changed**: 数据迁移比预期慢") == true)
            #expect(rendered[.statusPage, .zhCN]?.text.contains("变更原因：数据迁移比预期慢") == true)
            #expect(rendered[.statusPage, .en]?.text.contains("Why it changed: 数据迁移比预期慢") == true)
            let webhook = try JSONSerialization.jsonObject(with: Data(rendered[.webhook, .en]!.text.utf8)) as? [String: Any]
            #expect(webhook?["extension_reason"] as? String == "数据迁移比预期慢")
        }
        // A later step does not repeat the move's reason; a move without one shows no label.
        let completion = try templates.render(moved, step: .completion, late: false, componentNames: names)
        #expect(completion[.email, .zhCN]?.text.contains("变更原因") == false)
        let silent = try templates.render(notice(.planned, extensionReason: nil), step: .extended(number: 1), late: false, componentNames: names)
        #expect(silent[.email, .zhCN]?.text.contains("变更原因") == false)
        #expect(silent[.statusPage, .en]?.text.contains("Why it changed") == false)
    }
}
