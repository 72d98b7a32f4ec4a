import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// A reader who chose English reads no Chinese that Herald wrote, and one who chose Chinese reads
/// Herald's words in Chinese: everything outside what operators wrote comes from the catalogue.
@Suite struct PageLanguageTests {
    static let notice = """
        {"title":{"zh-CN":"支付升级","en":"Payment upgrade"},"reason":{"zh-CN":"升级","en":"An upgrade"},
         "impact":{"zh-CN":"无法支付","en":"You cannot pay"},"precautions":{"zh-CN":"提前支付","en":"Pay early"},
         "signature":{"zh-CN":"运维部","en":"Operations"},"contact":{"name":"Operations desk","email":"ops@example.com"},
         "components":["pay"],"severity":"medium","time_zone":"Asia/Shanghai",
         "planned_start":"2026-12-01T02:00:00+08:00","planned_end":"2026-12-01T04:00+08:00"}
        """

    @Test(arguments: TestDatabase.allCases)
    func everyPublicPageSpeaksTheReadersLanguage(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let store = server.store
            _ = try await store.createComponentGroup(GroupSpec(id: "payments", name: "Payments"))
            _ = try await store.createComponent(ComponentSpec(id: "pay", name: "Gateway", groupID: "payments"))
            let notice = try await PublicFixture.publish(server, Self.notice)
            let integration = try await store.createIntegration(name: "probe", kind: .generic, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: nil)
                .integration
            let incident = try await PublicFixture.fire(store, integration, "pay", "Payments fail", labels: ["alertname": "Pay", "component": "pay"])
            _ = try await store.postIncidentUpdate(id: incident, status: .identified, message: "A bad deploy; rolling back", isPublic: true, actor: "li")
            let contact = try await store.createContact(Contact(id: "li", name: "Li", addresses: [.email: "li@example.com"], createdAt: store.now()))
            let unsubscribe = "/unsubscribe/\(try #require(contact.unsubscribeToken))"

            let pages = ["/", "/history", "/maintenance/\(notice)", "/incidents/\(incident)", "/subscribe"]
            for path in pages {
                let english = try await server.send(.get, path + "?lang=en")
                #expect(english.status == .ok, "\(path)")
                // The switch to the other language names it in its own words; nothing else is Chinese.
                let text = english.body.replacingOccurrences(of: ">中文<", with: "><")
                #expect(!Self.han(text), "\(path) in English has Chinese: \(Self.chinese(in: text))")
                let chinese = try await server.send(.get, path + "?lang=zh-CN")
                #expect(chinese.body.contains("lang=\"zh-CN\""), "\(path)")
            }
            for path in [unsubscribe] {
                let english = try await server.send(.get, path, headers: [.acceptLanguage: "en-GB,en;q=0.9"])
                #expect(!Self.han(english.body), "\(path) in English has Chinese: \(Self.chinese(in: english.body))")
                let chinese = try await server.send(.get, path, headers: [.acceptLanguage: "zh-CN"])
                #expect(Self.han(chinese.body), "\(path)")
            }
        }
    }

    static func han(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3000...0x303F).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }
    }

    static func chinese(in text: String) -> String {
        String(text.unicodeScalars.filter { Self.han(String($0)) }.map(Character.init).prefix(40))
    }
}
