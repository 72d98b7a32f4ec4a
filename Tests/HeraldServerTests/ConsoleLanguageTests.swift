import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// What Core says on a console page is said in the reader's language: the notice check's advice,
/// the reader's problems beside each field, the severity choices and the routing tester's answer.
/// A Chinese page carries none of the English sentences, an English page no Chinese characters.
@Suite struct ConsoleLanguageTests {
    /// A notice begun two hours ahead with no end, a phone that is not one, no component, no English
    /// signature, and jargon in the English reason: every kind of note the composer shows.
    static let begun: [(String, String)] = [
        ("title.zh-CN", "支付系统维护"), ("title.en", "Payment system maintenance"),
        ("reason.zh-CN", "更换服务器"), ("reason.en", "A failover to new servers"),
        ("impact.zh-CN", "无法支付"), ("impact.en", "You cannot pay"), ("signature.zh-CN", "运维部"),
        ("contact.name", "张伟"), ("contact.phone", "call us"), ("severity", "medium"), ("time_zone", "Asia/Shanghai"),
        ("planned_start", "2026-11-22T10:00"), ("reminder_minutes", "60, 60"), ("audience.visibility", "public"),
    ]

    /// The fixed words of every input problem and check advice in English, without their placeholders.
    static let englishSentences: [String] = Phrase.allCases
        .filter { ("\($0)".hasPrefix("problem") && !"\($0)".hasPrefix("problemType")) || "\($0)".hasPrefix("check") }
        .flatMap { Language.en.text($0).split(separator: /\{[^}]+\}/).map { $0.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters)) } }
        .filter { $0.count >= 6 }

    static func hasHan(_ text: String) -> Bool { text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }

    /// The notes a composer page shows beside its fields and in its summary.
    static func notes(_ html: String) -> [String] {
        html.matches(of: /class="(?:problem|warning)">(?:<code>[^<]*<\/code> )?([^<]*)</).map { String($0.output.1) }
    }

    @Test(arguments: TestDatabase.allCases)
    func theNoticeCheckSpeaksTheReadersLanguage(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "支付网关"))
            let responder = try await server.consoleUser(.responder)
            for language in Language.allCases {
                // The live check's answer, and the same notes on the page the Check button brings back without the script.
                let live = try await server.post("/console/notices/check?lang=\(language.rawValue)", as: responder, pairs: Self.begun)
                let liveNotes = try #require(live.object["notes"] as? [[String: String]], "\(live.body)").compactMap { $0["text"] }
                let checked = try await server.post("/console/notices/new?lang=\(language.rawValue)", as: responder, pairs: Self.begun + [("intent", "check")])
                #expect(checked.status == .ok)
                let pageNotes = Self.notes(checked.body)
                for (source, notes) in [("live", liveNotes), ("page", pageNotes)] {
                    #expect(notes.count >= 5, "\(language) \(source): \(notes)")
                    if language == .zhCN {
                        for note in notes {
                            #expect(Self.hasHan(note), "\(source) note in Chinese: \(note)")
                            let english = Self.englishSentences.filter { note.contains($0) }
                            #expect(english.isEmpty, "\(source) note \(note) carries English: \(english)")
                        }
                    } else {
                        #expect(!notes.contains(where: Self.hasHan), "\(source): \(notes.filter(Self.hasHan))")
                    }
                }
                let all = liveNotes.joined(separator: "\n")
                if language == .zhCN {
                    #expect(all.contains("距开始仅剩 2小时") || all.contains("距开始仅剩 2 小时"), "the short notice in Chinese words: \(all)")
                    #expect(all.contains("“failover”用户可能看不懂"), "\(all)")
                    #expect(all.contains("必须是电话号码") && all.contains("至少选择一个受影响的组件"), "\(all)")
                } else {
                    #expect(all.contains("only 2 hours before the start"), "\(all)")
                    #expect(all.contains("'failover' may be unclear to users"), "\(all)")
                    #expect(all.contains("must be a phone number") && all.contains("must name at least one affected component"), "\(all)")
                }
            }
            #expect(try await server.store.notices().isEmpty)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func severityChoicesAndTheRoutingTesterAreInTheReadersLanguage(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let responder = try await server.consoleUser(.responder)
            for language in Language.allCases {
                let composer = try await server.get("/console/notices/new?lang=\(language.rawValue)", as: responder)
                let select = try #require(composer.body.firstMatch(of: /<select id="f-severity"[^>]*>(.*?)<\/select>/), "\(composer.body)")
                let options = select.output.1.matches(of: /<option value="(\w+)"[^>]*>([^<]*)<\/option>/).map { (String($0.output.1), String($0.output.2)) }
                #expect(options.map(\.0) == ["low", "medium", "high"])
                let incidents = try await server.get("/console/incidents?lang=\(language.rawValue)", as: responder)
                let filter = try #require(incidents.body.firstMatch(of: /<select id="[^"]*severity"[^>]*>(.*?)<\/select>/), "\(incidents.body)")
                let labels = options.map(\.1) + filter.output.1.matches(of: /<option value="\w+"[^>]*>([^<]*)<\/option>/).map { String($0.output.1) }
                if language == .zhCN {
                    #expect(labels.allSatisfy(Self.hasHan), "\(labels)")
                } else {
                    #expect(labels.allSatisfy { !Self.hasHan($0) } && options.map(\.1) == ["Low", "Medium", "High"], "\(labels)")
                }

                let tester = try await server.get("/console/oncall?lang=\(language.rawValue)&labels=service%3Dpay&source_severity=critical", as: responder)
                let answer = try #require(tester.body.firstMatch(of: /<p class="answer" role="status">(.*?)<\/p>/), "\(tester.body)")
                let words = String(answer.output.1).replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression)
                #expect(language == .zhCN ? Self.hasHan(words) : !Self.hasHan(words), "\(words)")
            }
        }
    }

    /// A real form refused in each language: the heartbeat monitor's problems beside its fields and
    /// the contacts import's problems with its file, as Core and the store wrote them, in the reader's words.
    @Test(arguments: TestDatabase.allCases)
    func refusedConsoleFormsGiveTheirReasonsInTheReadersLanguage(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let admin = try await server.consoleUser(.admin)
            func text(_ html: String) -> String {
                html.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
            }
            func problem(_ html: String, _ field: String) -> String? {
                guard let start = html.range(of: "id=\"f-\(field)-error\">") else { return nil }
                return text(String(html[start.upperBound...].prefix { $0 != "<" }))
            }
            func listed(_ html: String) -> [String] {
                html.matches(of: /<li><code>[^<]*<\/code> ([^<]*)<\/li>/).map { text(String($0.output.1)) }
            }
            for language in Language.allCases {
                let monitor = try await server.post(
                    "/console/heartbeats?lang=\(language.rawValue)", as: admin,
                    form: ["name": "nightly", "period_minutes": "abc", "grace_minutes": "1", "team": "", "labels": "no equals sign", "severity": "high"])
                #expect(monitor.status == .unprocessableContent)
                let period = try #require(problem(monitor.body, "period_minutes"), "\(monitor.body)")
                let labels = try #require(problem(monitor.body, "labels"), "\(monitor.body)")
                let file = try await server.post("/console/people/import?lang=\(language.rawValue)", as: admin, form: ["csv": "fax\n1\n"])
                #expect(file.status == .unprocessableContent)
                let header = listed(file.body)
                #expect(header.count == 2, "\(file.body)")
                if language == .zhCN {
                    #expect(period == "必须是分钟数")
                    #expect(labels == "第 1 行不是“名称=值”的格式")
                    #expect(header.contains { $0.hasPrefix("“fax”不是可用的列；可用的列有 ") && $0.contains("、") }, "\(header)")
                    #expect(header.contains("缺少 name 列"), "\(header)")
                    for reason in [period, labels] + header { #expect(Self.hasHan(reason) && !reason.contains(" is ") && !reason.contains("needs "), "\(reason)") }
                } else {
                    #expect(period == "must be a number of minutes")
                    #expect(labels == "line 1 is not name=value")
                    #expect(header.contains("needs a name column") && header.contains { $0.hasPrefix("'fax' is not a column; columns are ") }, "\(header)")
                    #expect(!([period, labels] + header).contains(where: Self.hasHan))
                }
            }
            #expect(try await server.store.heartbeats(page: PageRequest()).items.isEmpty)
            #expect(try await server.store.contacts().isEmpty)
        }
    }
}
