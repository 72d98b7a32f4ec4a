import HeraldCore
import Testing

@Suite struct ValidateTests {
    @Test(arguments: ["api", "payments-eu", "db_1", "a"])
    func identifiersOperatorsWriteAreAccepted(_ id: String) {
        #expect(Validate.identifier(id, field: "id").isEmpty)
    }

    @Test(arguments: ["", "API", "-api", "_x", "支付", "a b", String(repeating: "a", count: 64)])
    func otherIdentifiersAreRefusedWithTheField(_ id: String) {
        #expect(Validate.identifier(id, field: "id").map(\.field) == ["id"])
    }

    @Test func generatedIdentifiersAreValidAndDistinct() {
        let ids = (0..<200).map { _ in Identifier.make() }
        #expect(ids.allSatisfy { Validate.identifier($0, field: "id").isEmpty && $0.count == 12 })
        #expect(Set(ids).count == ids.count)
    }

    @Test func chineseTextCountsCharactersNotBytes() {
        let name = String(repeating: "服", count: 255)
        #expect(Validate.text(name, field: "name", maximum: 255).isEmpty)
        #expect(!Validate.text(name + "务", field: "name", maximum: 255).isEmpty)
    }

    @Test func blankAndControlCharactersAreRefused() {
        #expect(Validate.text("  \n", field: "name", maximum: 10).first?.reason == "must not be empty")
        #expect(!Validate.text("a\u{7}b", field: "name", maximum: 10).isEmpty)
        #expect(Validate.text("line one\nline two", field: "d", maximum: 100, multiline: true).isEmpty)
        #expect(!Validate.text("line one\nline two", field: "n", maximum: 100).isEmpty)
    }

    @Test(arguments: ["https://wiki.example.com/runbooks/api", "http://10.0.0.1:8080/x"])
    func webAddressesAreAccepted(_ url: String) {
        #expect(Validate.webURL(url, field: "runbook_url").isEmpty)
    }

    @Test(arguments: ["wiki/runbook", "ftp://example.com/x", "javascript:alert(1)", "https://"])
    func otherAddressesAreRefused(_ url: String) {
        #expect(Validate.webURL(url, field: "runbook_url").map(\.field) == ["runbook_url"])
    }
}
