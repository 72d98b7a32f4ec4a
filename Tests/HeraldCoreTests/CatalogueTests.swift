import Foundation
import HeraldCore
import Testing

/// Every text a person reads comes from the catalogue; these check that each language has all of it.
@Suite struct CatalogueTests {
    static func han(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3000...0x303F).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }
    }

    @Test(arguments: Phrase.allCases)
    func everyPhraseIsWrittenInEveryLanguageWithTheSamePlaceholders(_ phrase: Phrase) throws {
        let chinese = try #require(Catalogue.tables[.zhCN]?[phrase], "\(phrase) has no zh-CN text")
        let english = try #require(Catalogue.tables[.en]?[phrase], "\(phrase) has no English text")
        #expect(!chinese.trimmingCharacters(in: .whitespaces).isEmpty && !english.trimmingCharacters(in: .whitespaces).isEmpty)
        #expect(
            Set(Catalogue.placeholders(in: chinese)) == Set(Catalogue.placeholders(in: english)),
            "\(phrase): zh-CN and English must fill the same {placeholders}")
        // A phrase copied into the wrong table reads as the other language.
        #expect(!Self.han(english), "\(phrase)'s English text has Chinese in it: \(english)")
        #expect(Self.han(chinese) || chinese.unicodeScalars.contains { $0.value > 0x7F }, "\(phrase)'s zh-CN text reads as English: \(chinese)")
    }

    @Test func everyLanguageHasATable() {
        for language in Language.allCases { #expect(Catalogue.tables[language]?.count == Phrase.allCases.count, "\(language)") }
    }

    @Test func placeholdersAreFilledAndCountsTakeTheirNumber() {
        #expect(Language.en.text(.pageIncident, ["id": "7", "integration": "grafana"]) == "Incident 7 (grafana)")
        #expect(Language.zhCN.text(.pageIncident, ["id": "7", "integration": "grafana"]) == "事件编号：7（grafana）")
        #expect(Language.en.count(1, one: .durationHour, other: .durationHours) == "1 hour")
        #expect(Language.en.count(3, one: .durationHour, other: .durationHours) == "3 hours")
        #expect(Language.zhCN.count(3, one: .durationHour, other: .durationHours) == "3 小时")
        #expect(Language.en.text(.pageIncident, ["id": "{integration}", "integration": "grafana"]) == "Incident {integration} (grafana)",
                "what a value holds is not searched again: an alert's title with braces stays as it came")
        #expect(Language.zhCN.text(.pageIncident, ["id": "7"]) == "事件编号：7（{integration}）", "a placeholder without a value stays visible")
        #expect(Language.en.statusLabel("in_progress") == "In progress")
        #expect(Language.zhCN.statusLabel("in_progress") == "进行中")
        #expect(Language.en.statusLabel("postponed") == "Postponed", "a status Herald does not know is shown as written")
    }
}
