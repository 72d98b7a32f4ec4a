import Foundation
import HeraldCore
import HeraldTestSupport
import HTTPTypes
import Testing

/// Every page for people is sent so that a browser neither sniffs, frames nor leaks its address.
@Suite struct SecurityHeaderTests {
    @Test func everyHTMLAnswerCarriesThePolicy() async throws {
        try await TestServer.run(.sqlite) { server in
            let fixture = try await PublicFixture.make(server)
            let pages = [
                "/", "/history", "/subscribe", "/maintenance/\(fixture.upcoming)", "/incidents/\(fixture.incident)",
                "/unsubscribe/\(String(repeating: "0", count: 32))", "/respond/not-a-token", "/subscription/not-a-token",
            ]
            for path in pages {
                let page = try await server.send(.get, path)
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true, "\(path): \(page.status)")
                let policy = page.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"), "\(path): \(policy)")
                #expect(page.headers[.xContentTypeOptions] == "nosniff", "\(path)")
                #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(path): respond and manage links carry tokens")
                #expect(!page.body.contains("<script"), "\(path): the policy allows no script, and pages need none")
            }
            let api = try await server.send(.get, "/api/v2/summary.json")
            #expect(api.headers[.xContentTypeOptions] == "nosniff")
            #expect(api.headers[.contentSecurityPolicy] == nil, "documents for programs need no page policy")
        }
    }
}
