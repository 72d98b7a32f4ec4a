import Foundation
import HTTPTypes
import HeraldApp
import HeraldChannels
import HeraldCore
import HeraldTestSupport
import Testing

/// A public webhook subscription must not reach inside the network, and is told so at once; the
/// client address behind a trusted proxy is the forwarded one, and nobody else's word.
@Suite struct OutboundSafetyTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test(arguments: [
        "http://127.0.0.1/hook", "http://10.0.0.5/hook", "http://169.254.169.254/latest/meta-data/", "http://[::1]/x",
        "http://[::ffff:192.168.0.1]/x", "http://0x7f.1/x", "http://localhost/hook",
    ])
    func aSubscriptionToAnInternalAddressIsRefusedAtOnce(_ url: String) async throws {
        // Even with the address allowed for operators: never for the public.
        try await TestServer.run(.sqlite, configure: { $0.outbound = OutboundPolicy(allowedRanges: [AddressRange("0.0.0.0/0")!]) }) { server in
            let reply = try await server.send(.post, "/subscribe", json: #"{"email":"li@example.com","webhook_url":"\#(url)"}"#)
            #expect(reply.status == .badRequest)
            #expect(reply.problemFields == ["webhook_url"])
            #expect(reply.body.contains("must reach a public internet address"), "\(reply.body)")
            #expect(try await server.store.subscriptions().isEmpty)
        }
    }

    @Test(arguments: [("en", "must reach a public internet address"), ("zh-CN", "Webhook 地址须指向公网地址")])
    func theFormSaysSoInThePagesLanguage(_ language: String, _ words: String) async throws {
        try await TestServer.run(.sqlite) { server in
            _ = try await PublicFixture.make(server)
            let reply = try await server.send(
                .post, "/subscribe?lang=\(language)", body: "email=li%40example.com&webhook_url=http%3A%2F%2F10.0.0.5%2Fhook&components=pay",
                headers: Self.form)
            #expect(reply.status == .badRequest)
            #expect(reply.body.contains(language == "en" ? "The webhook URL must reach a public internet address" : words), "\(reply.body)")
            #expect(reply.body.contains("http://10.0.0.5/hook"), "the form comes back as typed")
        }
    }

    @Test func aNameThatResolvesOnlyInsideOrNowhereOrOnAnOddPortIsRefused() async throws {
        let configure: @Sendable (inout HeraldConfiguration) -> Void = {
            $0.resolver = OutboundResolver { host in
                switch host {
                case "intranet.example.com": [IPAddress(10, 1, 2, 3)]
                case "hooks.example.com": [IPAddress(93, 184, 215, 14)]
                default: throw OutboundResolver.Failure(host: host, reason: "name or service not known")
                }
            }
        }
        try await TestServer.run(.sqlite, configure: configure) { server in
            func reason(_ url: String) async throws -> String? {
                let reply = try await server.send(.post, "/subscribe", json: #"{"email":"li@example.com","webhook_url":"\#(url)"}"#)
                return reply.status == .accepted ? nil : reply.body
            }
            let inside = try await reason("https://intranet.example.com/hook")
            let nowhere = try await reason("https://nowhere.example.com/hook")
            let oddPort = try await reason("https://hooks.example.com:8443/hook")
            let outside = try await reason("https://hooks.example.com/hook")
            #expect(inside?.contains("intranet.example.com resolves to 10.1.2.3, a private address") == true, "\(inside ?? "")")
            #expect(nowhere?.contains("names a host that could not be found: nowhere.example.com") == true, "\(nowhere ?? "")")
            #expect(oddPort?.contains("must use one of the ports 80, 443") == true, "\(oddPort ?? "")")
            #expect(outside == nil, "a public address is taken")
        }
    }

    @Test func theConfigFileNamesEveryProblemInOutboundAndTrustedProxies() throws {
        let good = try HeraldConfiguration.parse(yaml: """
            server:
              trusted_proxies: [10.0.0.0/8, "fd00::/8", 127.0.0.1]
            outbound:
              allow: [10.1.0.0/16, hooks.internal.example]
              subscriber_ports: [443, 8443]
            """)
        #expect(good.trustedProxies.map(\.description) == ["10.0.0.0/8", "fd00::/8", "127.0.0.1/32"])
        #expect(good.outbound.allowedRanges.map(\.description) == ["10.1.0.0/16"])
        #expect(good.outbound.allowedHosts == ["hooks.internal.example"])
        #expect(good.outbound.subscriberPorts == [443, 8443])
        #expect(HeraldConfiguration().outbound == OutboundPolicy(), "without the section nothing inside is allowed")
        do {
            _ = try HeraldConfiguration.parse(yaml: """
                server:
                  trusted_proxies: [10.0.0.0/33, lb.example.com]
                outbound:
                  allow: [10.1.2.3/16, 7]
                  subscriber_ports: [0, http]
                  deny: []
                """)
            Issue.record("the file has problems")
        } catch let error as ConfigurationError {
            #expect(Set(error.errors.map(\.field)) == [
                "server.trusted_proxies[0]", "server.trusted_proxies[1]", "outbound.allow[0]", "outbound.allow[1]",
                "outbound.subscriber_ports[0]", "outbound.subscriber_ports[1]", "outbound.deny",
            ])
        }
    }

    /// HummingbirdTesting's live client connects from 127.0.0.1: trusting it makes its forwarding
    /// headers count, and without trusting it they are ignored.
    @Test(arguments: [true, false])
    func theForwardedClientCountsOnlyFromATrustedProxy(_ trusted: Bool) async throws {
        let configure: @Sendable (inout HeraldConfiguration) -> Void = {
            $0.statusPage.subscriptionsPerHour = 1
            if trusted { $0.trustedProxies = [AddressRange("127.0.0.1")!] }
        }
        try await TestServer.run(.sqlite, configure: configure) { server in
            func subscribe(_ email: String, _ headers: HTTPFields) async throws -> HTTPResponse.Status {
                try await server.send(.post, "/subscribe", json: #"{"email":"\#(email)"}"#, headers: headers).status
            }
            let first: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: "203.0.113.7"]
            let second: HTTPFields = [HTTPField.Name("Forwarded")!: "for=198.51.100.9;proto=https"]
            let a = try await subscribe("a@example.com", first)
            let b = try await subscribe("b@example.com", second)
            let c = try await subscribe("c@example.com", first)
            #expect(a == .accepted)
            // Behind the trusted proxy a second client has its own limit; otherwise both are 127.0.0.1.
            #expect(b == (trusted ? .accepted : .tooManyRequests))
            #expect(c == .tooManyRequests, "the first client's hour is used up either way")
        }
    }
}
