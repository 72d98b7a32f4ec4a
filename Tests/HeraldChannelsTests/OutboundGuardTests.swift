import Foundation
import HeraldChannels
import HeraldCore
import HeraldTestSupport
import Hummingbird
import Synchronization
import Testing

/// Webhooks reach only where their maker may reach: a public subscriber's only public addresses,
/// checked on the address connected to; an operator's also what `outbound.allow` names. Every
/// refusal is a permanent failure saying why, and nothing is sent.
@Suite struct OutboundGuardTests {
    static let publicAddress = IPAddress(93, 184, 215, 14)

    func subscriberUpdate(_ url: String) -> OutgoingMessage {
        OutgoingMessage(idempotencyKey: "subscriber:s1:incident-event:7", address: url, subject: nil, body: "{}", severity: .medium)
    }

    func contactMessage(_ url: String) -> OutgoingMessage {
        OutgoingMessage(idempotencyKey: "notice:n1:announcement:c1:webhook", address: url, subject: nil, body: "{}", severity: .medium)
    }

    /// Every class of internal address, in the spellings a URL may take, with what the refusal says.
    static let internalURLs: [(url: String, says: String)] = [
        ("http://127.0.0.1/hook", "127.0.0.1 is a loopback address"),
        ("http://[::1]/hook", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/hook", "is a loopback address"),
        ("http://2130706433/hook", "is a loopback address"),
        ("http://0x7f.1/hook", "is a loopback address"),
        ("http://10.0.0.5/hook", "10.0.0.5 is a private address"),
        ("http://172.20.1.1/hook", "is a private address"),
        ("http://192.168.1.10/hook", "is a private address"),
        ("http://[fd12:3456::1]/hook", "is a unique-local address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://[fe80::1]/hook", "is a link-local address"),
        ("http://100.64.1.2/hook", "is a carrier-grade NAT address"),
        ("http://224.0.0.251/hook", "is a multicast address"),
        ("http://0.0.0.0/hook", "is a unspecified address"),
        ("http://[::]/hook", "is a unspecified address"),
        ("http://255.255.255.255/hook", "is a broadcast address"),
        ("http://240.1.2.3/hook", "is a reserved address"),
        ("http://user@10.0.0.5/hook", "10.0.0.5 is a private address"),
        ("http://localhost/hook", "localhost resolves to 127.0.0.1, which is a loopback address"),
    ]

    @Test(arguments: internalURLs.map(\.url))
    func aPublicSubscriberNeverReachesInside(_ url: String) async throws {
        let says = try #require(Self.internalURLs.first { $0.url == url }?.says)
        // Even an allowlist that names it does not open it to the public.
        let channel = WebhookChannel(client: .loopback(["0.0.0.0/0", "::/0", "localhost"]), secret: "k")
        guard case .permanent(let reason) = await channel.send(subscriberUpdate(url)) else {
            Issue.record("\(url) must be refused for good")
            return
        }
        #expect(reason.contains(says), "\(reason)")
    }

    @Test(arguments: internalURLs.map(\.url))
    func anOperatorsWebhookReachesInsideOnlyWhenAllowed(_ url: String) async throws {
        guard case .permanent(let reason) = await WebhookChannel(secret: "k").send(contactMessage(url)) else {
            Issue.record("\(url) must be refused without outbound.allow")
            return
        }
        #expect(reason.contains("outbound.allow"), "\(reason)")
    }

    @Test func aNameResolvingToLoopbackIsRefusedAndAllowedOnlyByTheAllowlist() async throws {
        let receiver = WebhookReceiver(secret: "k")
        try await receiver.serve { url in
            let byName = url.replacingOccurrences(of: "127.0.0.1", with: "localhost")
            guard case .permanent(let reason) = await WebhookChannel(secret: "k").send(contactMessage(byName)) else {
                Issue.record("localhost is loopback")
                return
            }
            #expect(reason.hasPrefix("localhost resolves to 127.0.0.1, which is a loopback address"), "\(reason)")
            #expect(await WebhookChannel(client: .loopback(["localhost"]), secret: "k").send(contactMessage(byName)) == .sent(providerID: nil, cost: nil))
            #expect(await WebhookChannel(client: .loopback(["127.0.0.0/8"]), secret: "k").send(contactMessage(byName)) == .sent(providerID: nil, cost: nil))
            #expect(await WebhookChannel(client: .loopback(["10.0.0.0/8"]), secret: "k").send(contactMessage(byName)) != .sent(providerID: nil, cost: nil))
        }
        #expect(receiver.received.count == 2, "only the allowed sends arrived")
    }

    @Test func aPublicSubscriberUsesOnlyTheStandardPortsAndWebSchemes() async throws {
        let channel = WebhookChannel(secret: "k")
        #expect(
            await channel.send(subscriberUpdate("https://hooks.example.com:8443/x"))
                == .permanent(reason: "port 8443 is not one public webhooks may use (80, 443)"))
        #expect(await channel.send(subscriberUpdate("http+unix://%2Ftmp%2Fsock/x")) == .permanent(reason: "'http+unix://%2Ftmp%2Fsock/x' is not an http(s) URL"))
        #expect(await channel.send(subscriberUpdate("file:///etc/passwd")) == .permanent(reason: "'file:///etc/passwd' is not an http(s) URL"))
    }

    /// The name is resolved once per send and the connection goes to that very address: the
    /// stand-in's name exists only in the test's resolver, so the system could not have resolved
    /// it again, and the request arrives carrying the name.
    @Test func theRequestGoesToTheAddressThatWasChecked() async throws {
        let stand = ProviderStandIn { _ in (.ok, "{}", []) }
        try await stand.serve { base in
            let resolver = OutboundResolver { host in
                host == "hooks.pinned.invalid" ? [IPAddress(127, 0, 0, 1)] : []
            }
            let channel = WebhookChannel(client: .loopback(["hooks.pinned.invalid"], resolver: resolver), secret: "k")
            let url = base.replacingOccurrences(of: "127.0.0.1", with: "hooks.pinned.invalid") + "/hook"
            #expect(await channel.send(contactMessage(url)) == .sent(providerID: nil, cost: nil))
        }
        #expect(stand.seen.map(\.path) == ["/hook"])
    }

    /// DNS rebinding: the name answers with a public address when the subscription is checked, then
    /// with 127.0.0.1 when the update is sent. The send checks what it connects to, so it is refused.
    @Test func aNameThatRebindsToLoopbackAfterTheCheckIsRefusedAtTheSend() async throws {
        let answers = Mutex<[[IPAddress]]>([[Self.publicAddress], [IPAddress(127, 0, 0, 1)]])
        let resolver = OutboundResolver { _ in answers.withLock { $0.isEmpty ? [] : $0.removeFirst() } }
        let receiver = WebhookReceiver(secret: "k")
        try await receiver.serve { base in
            // The receiver's port is allowed, so that only the address stands between it and the send.
            let port = try #require(URLComponents(string: base)?.port)
            let client = OutboundClient(policy: OutboundPolicy(subscriberPorts: [port]), resolver: resolver)
            let url = "http://rebind.example.com:\(port)/hook"
            #expect(await client.check(url, audience: .publicSubscriber) == .allowed(host: "rebind.example.com", address: Self.publicAddress))
            let outcome = await WebhookChannel(client: client, secret: "k").send(subscriberUpdate(url))
            #expect(outcome == .permanent(reason: "\(OutboundRefusal.address(host: "rebind.example.com", IPAddress(127, 0, 0, 1), .loopback))"))
        }
        #expect(receiver.received.isEmpty)
    }

    @Test func aNameThatAlsoResolvesInsideIsRefused() async throws {
        let client = OutboundClient(resolver: OutboundResolver { host in
            host == "mixed.example.com" ? [Self.publicAddress, IPAddress(10, 0, 0, 5)] : []
        })
        #expect(
            await client.check("https://mixed.example.com/hook", audience: .publicSubscriber)
                == .refused(.address(host: "mixed.example.com", IPAddress(10, 0, 0, 5), .privateNetwork)))
        #expect(
            await client.check("https://gone.example.com/hook", audience: .publicSubscriber) == .refused(.noAddress(host: "gone.example.com")))
    }

    /// A receiver (allowed, as an operator's internal host) answers with a redirect to the metadata
    /// service's address on another local server: the redirect is the answer, permanent, and the
    /// second server is never asked.
    @Test func aRedirectIsNotFollowed() async throws {
        let inside = ProviderStandIn { _ in (.ok, "secret metadata", []) }
        try await inside.serve { insideBase in
            let redirecting = ProviderStandIn(reply: { _ in .init(.found, "", headers: ["Location": insideBase + "/latest/meta-data/"]) })
            try await redirecting.serve { base in
                let outcome = await WebhookChannel(client: .local, secret: "k", timeout: .seconds(60)).send(contactMessage(base + "/hook"))
                #expect(outcome == .permanent(reason: "HTTP 302: a redirect to \(insideBase)/latest/meta-data/, which Herald does not follow"))
                #expect(
                    await SlackChannel(client: .local).send(contactMessage(base + "/services/T/B/x"))
                        == .permanent(reason: "HTTP 302: a redirect to \(insideBase)/latest/meta-data/, which Herald does not follow"))
            }
        }
        #expect(inside.seen.isEmpty)
    }

    /// A receiver that answers with a megabyte is read up to the limit, and the answer still counts.
    @Test func aLongAnswerIsReadOnlyUpToTheLimit() async throws {
        let long = String(repeating: "x", count: 1 << 20)
        let stand = ProviderStandIn { _ in (.badRequest, long, []) }
        try await stand.serve { base in
            let outcome = await WebhookChannel(client: .local, secret: "k", timeout: .seconds(60)).send(contactMessage(base + "/hook"))
            #expect(outcome == .permanent(reason: "HTTP 400: " + String(repeating: "x", count: 200)))
        }
    }

    @Test func theIMChannelsAreGuardedToo() async throws {
        let message = contactMessage("http://10.0.0.5/services/T/B/x")
        for channel: any Channel in [SlackChannel(), TeamsChannel(), DiscordChannel()] {
            guard case .permanent(let reason) = await channel.send(message) else {
                Issue.record("\(channel.kind) must refuse 10.0.0.5")
                continue
            }
            #expect(reason.hasPrefix("10.0.0.5 is a private address"), "\(channel.kind): \(reason)")
        }
        let robot = RobotEndpoint(webhookURL: "http://169.254.169.254/robot/send?access_token=t", secret: "s")
        guard case .permanent(let reason) = await DingTalkChannel(robot).send(OutgoingMessage(
            idempotencyKey: "incident:i1:page", address: "user1", subject: nil, body: "x", severity: .high))
        else {
            Issue.record("a robot URL inside the network must be refused")
            return
        }
        #expect(reason.hasPrefix("169.254.169.254 is a link-local address"), "\(reason)")
    }

    @Test func theSystemResolverReadsTheHostsFileAndSaysWhenANameIsUnknown() async throws {
        #expect(try await OutboundResolver.system.resolve("localhost").contains(IPAddress(127, 0, 0, 1)))
        await #expect(throws: OutboundResolver.Failure.self) { try await OutboundResolver.system.resolve("no-such-host.invalid") }
    }
}
