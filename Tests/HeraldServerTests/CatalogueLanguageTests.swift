import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// A catalogue written in Chinese with English words beside it: English readers see the English
/// names and updates on every public page and in their SMS (which then fits GSM-7), Chinese readers
/// the Chinese, and the API keeps both.
@Suite struct CatalogueLanguageTests {
    @Test(arguments: TestDatabase.allCases)
    func englishReadersSeeTheEnglishNamesAndUpdates(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let group = try await server.send(
                .post, "/api/v1/component-groups", token: server.admin,
                json: #"{"id":"payments","name":"支付服务","translations":{"en":{"name":"Payments","description":"Paying and refunds"}}}"#)
            #expect(group.status == .created, "\(group.body)")
            let created = try await server.send(
                .post, "/api/v1/components", token: server.admin,
                json: #"{"id":"pay","name":"支付网关","description":"在线支付","group_id":"payments","translations":{"en":{"name":"Payment gateway"}}}"#)
            #expect(created.status == .created, "\(created.body)")
            let translations = try #require(created.object["translations"] as? [String: Any])
            #expect((translations["en"] as? [String: Any])?["name"] as? String == "Payment gateway")

            let notice = try await PublicFixture.publish(server, PageLanguageTests.notice)
            let integration = try await server.store.createIntegration(
                name: "probe", kind: .generic, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: nil
            ).integration
            let incident = try await PublicFixture.fire(server.store, integration, "pay", "Payments fail", labels: ["alertname": "Pay", "component": "pay"])
            let update = try await server.send(
                .post, "/api/v1/incidents/\(incident)/updates", token: server.responder,
                json: #"{"message":"发布有误，正在回滚","translations":{"en":"A bad deploy; rolling back"},"status":"identified","public":true}"#)
            #expect(update.status == .created, "\(update.body)")

            for path in ["/", "/history", "/maintenance/\(notice)", "/incidents/\(incident)", "/subscribe"] {
                let english = try await server.send(.get, path + "?lang=en")
                let text = english.body.replacingOccurrences(of: ">中文<", with: "><")
                #expect(!PageLanguageTests.han(text), "\(path) in English has Chinese: \(PageLanguageTests.chinese(in: text))")
                let chinese = try await server.send(.get, path + "?lang=zh-CN")
                #expect(chinese.body.contains("支付网关") || chinese.body.contains("发布有误"), "\(path)")
            }
            let englishIncident = try await server.send(.get, "/incidents/\(incident)?lang=en")
            #expect(englishIncident.body.contains("A bad deploy; rolling back"))
            #expect(englishIncident.body.contains("Payment gateway"))
            let chineseIncident = try await server.send(.get, "/incidents/\(incident)?lang=zh-CN")
            #expect(chineseIncident.body.contains("发布有误，正在回滚"))

            // The timeline keeps both words for responders and API clients.
            let timeline = try await server.send(.get, "/api/v1/incidents/\(incident)/timeline", token: server.viewer)
            let events = try #require(timeline.object["events"] as? [[String: Any]])
            #expect(events.contains { ($0["translations"] as? [String: String])?["en"] == "A bad deploy; rolling back" })

            // The English SMS names the component in English and so fits GSM-7's 160 characters, not UCS-2's 70.
            let preview = try await server.send(.get, "/api/v1/notices/\(notice)/preview", token: server.viewer)
            let messages = try #require(preview.object["messages"] as? [String: [String: [String: Any]]], "\(preview.body)")
            let sms = try #require(messages["sms"]?["en"]?["text"] as? String)
            #expect(sms.contains("Payment gateway"), "\(sms)")
            #expect(SMSLength(sms).encoding == .gsm7, "\(sms)")
            let email = try #require(messages["email"]?["zh-CN"]?["text"] as? String)
            #expect(email.contains("支付网关"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func translationsAreCheckedAndReplacedByPatch(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let refused = try await server.send(
                .post, "/api/v1/components", token: server.admin,
                json: #"{"id":"pay","name":"支付网关","translations":{"fr":{"name":"Paiement"},"en":{"name":""},"zh-CN":"支付"}}"#)
            #expect(refused.status == .badRequest)
            let fields = Set(((refused.object["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
            // Every problem in one answer, each with its path; nothing is stored.
            #expect(fields == ["translations.fr", "translations.en.name", "translations.zh-CN"], "\(refused.body)")
            #expect(try await server.store.components().isEmpty)

            _ = try await server.send(
                .post, "/api/v1/components", token: server.admin, json: #"{"id":"pay","name":"支付网关","translations":{"en":{"name":"Gateway"}}}"#)
            let renamed = try await server.send(
                .patch, "/api/v1/components/pay", token: server.admin, json: #"{"translations":{"en":{"name":"Payment gateway"}}}"#)
            #expect(renamed.status == .ok, "\(renamed.body)")
            #expect(try await server.store.components().first?.name(in: .en) == "Payment gateway")
            let cleared = try await server.send(.patch, "/api/v1/components/pay", token: server.admin, json: #"{"translations":null}"#)
            #expect(cleared.status == .ok, "\(cleared.body)")
            #expect(try await server.store.components().first?.name(in: .en) == "支付网关")
        }
    }

    /// The example config's catalogue carries English names, and a misspelt language is named by its path.
    @Test func theConfigFileGivesNamesPerLanguage() throws {
        let example = try String(contentsOf: ChannelListTests.root.appendingPathComponent("herald.example.yaml"), encoding: .utf8)
        let catalogue = try #require(try HeraldConfiguration.parse(yaml: example, file: "herald.example.yaml").catalogue)
        #expect(catalogue.components.first { $0.spec.id == "pay" }?.spec.translations[.en]?.name == "Payment gateway")
        #expect(catalogue.groups.first { $0.id == "core" }?.translations[.en]?.name == "Core services")

        let wrong = """
            catalogue:
              components:
                - id: pay
                  name: 支付网关
                  translations: { english: { name: Payments }, en: { title: Payments } }
            """
        #expect {
            try HeraldConfiguration.parse(yaml: wrong, file: "herald.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("catalogue.components[0].translations.english") && text.contains("catalogue.components[0].translations.en.name")
                && text.contains("catalogue.components[0].translations.en.title")
        }
    }
}
