import HeraldCore
import Testing

/// Which addresses Herald connects to for whom: public addresses for everyone, internal ones only
/// for what operators made and allowed, never for a public subscription, in every spelling.
@Suite struct OutboundAddressTests {
    struct Classified: Sendable, CustomTestStringConvertible {
        var host: String
        var expected: AddressClass?
        var testDescription: String { "\(host) → \(expected?.rawValue ?? "a name")" }
    }

    static let classes: [Classified] = [
        .init(host: "93.184.215.14", expected: .public),
        .init(host: "8.8.8.8", expected: .public),
        .init(host: "2606:4700::1111", expected: .public),
        .init(host: "127.0.0.1", expected: .loopback),
        .init(host: "127.255.255.254", expected: .loopback),
        .init(host: "::1", expected: .loopback),
        .init(host: "[::1]", expected: .loopback),
        .init(host: "10.0.0.5", expected: .privateNetwork),
        .init(host: "172.16.0.1", expected: .privateNetwork),
        .init(host: "172.31.255.255", expected: .privateNetwork),
        .init(host: "172.32.0.1", expected: .public),
        .init(host: "192.168.1.1", expected: .privateNetwork),
        .init(host: "fd00::5", expected: .uniqueLocal),
        .init(host: "fc00::1", expected: .uniqueLocal),
        .init(host: "169.254.169.254", expected: .linkLocal),
        .init(host: "fe80::1", expected: .linkLocal),
        .init(host: "100.64.0.1", expected: .sharedAddressSpace),
        .init(host: "100.127.255.255", expected: .sharedAddressSpace),
        .init(host: "100.128.0.1", expected: .public),
        .init(host: "224.0.0.1", expected: .multicast),
        .init(host: "239.255.255.250", expected: .multicast),
        .init(host: "ff02::1", expected: .multicast),
        .init(host: "0.0.0.0", expected: .unspecified),
        .init(host: "0.1.2.3", expected: .unspecified),
        .init(host: "::", expected: .unspecified),
        .init(host: "255.255.255.255", expected: .broadcast),
        .init(host: "240.0.0.1", expected: .reserved),
        .init(host: "198.18.0.1", expected: .reserved),
        .init(host: "192.0.0.8", expected: .reserved),
        .init(host: "192.0.2.1", expected: .documentation),
        .init(host: "198.51.100.7", expected: .documentation),
        .init(host: "203.0.113.9", expected: .documentation),
        .init(host: "2001:db8::1", expected: .documentation),
        .init(host: "fec0::1", expected: .reserved),
        .init(host: "2001::1", expected: .reserved),
        .init(host: "::127.0.0.1", expected: .reserved),
        // IPv4 inside IPv6 is judged by the IPv4 address.
        .init(host: "::ffff:127.0.0.1", expected: .loopback),
        .init(host: "::ffff:7f00:1", expected: .loopback),
        .init(host: "[::ffff:169.254.169.254]", expected: .linkLocal),
        .init(host: "::ffff:10.0.0.5", expected: .privateNetwork),
        .init(host: "::ffff:8.8.8.8", expected: .public),
        .init(host: "64:ff9b::10.0.0.5", expected: .privateNetwork),
        .init(host: "64:ff9b::8.8.8.8", expected: .public),
        .init(host: "2002:7f00:1::", expected: .loopback),
        .init(host: "2002:a00:5::1", expected: .privateNetwork),
        // The spellings URL parsers and inet_aton take for 127.0.0.1 and 169.254.169.254.
        .init(host: "2130706433", expected: .loopback),
        .init(host: "0x7f000001", expected: .loopback),
        .init(host: "0177.0.0.1", expected: .loopback),
        .init(host: "0x7f.1", expected: .loopback),
        .init(host: "127.1", expected: .loopback),
        .init(host: "127.0.0.1.", expected: .loopback),
        .init(host: "0", expected: .unspecified),
        .init(host: "0xa9.0xfe.0xa9.0xfe", expected: .linkLocal),
        .init(host: "2852039166", expected: .linkLocal),
        .init(host: "10.0.5", expected: .privateNetwork),
        // Names are resolved first; these are not addresses.
        .init(host: "localhost", expected: nil),
        .init(host: "hooks.example.com", expected: nil),
        .init(host: "127.0.0.1.nip.io", expected: nil),
        .init(host: "1.2.3.4.5", expected: nil),
        .init(host: "256.0.0.1", expected: nil),
        .init(host: "0x100000000", expected: nil),
        .init(host: "::1::", expected: nil),
        .init(host: "fe80::1%eth0", expected: nil),
    ]

    @Test(arguments: classes)
    func classifiesEverySpelling(_ row: Classified) {
        #expect(IPAddress.hostLiteral(row.host)?.addressClass == row.expected)
    }

    @Test func addressesAreWrittenInTheirCanonicalForm() {
        #expect(IPAddress.hostLiteral("2130706433")?.description == "127.0.0.1")
        #expect(IPAddress("2001:0db8:0000:0000:0000:0000:0000:0001")?.description == "2001:db8::1")
        #expect(IPAddress("2001:db8:0:1:0:0:0:1")?.description == "2001:db8:0:1::1")
        #expect(IPAddress("::ffff:7f00:1")?.description == "::ffff:127.0.0.1")
        #expect(IPAddress("::")?.description == "::")
        #expect(IPAddress("1:2:3:4:5:6:7:8")?.description == "1:2:3:4:5:6:7:8")
        // The strict form is for config entries: no octal or short spellings.
        #expect(IPAddress("0177.0.0.1") == nil)
        #expect(IPAddress("127.1") == nil)
    }

    struct Decision: Sendable, CustomTestStringConvertible {
        var host: String
        var addresses: [String]
        var audience: OutboundAudience
        var allow: [String] = []
        var allowed: Bool
        var testDescription: String { "\(host) \(addresses) for \(audience), allow \(allow) → \(allowed ? "connect" : "refuse")" }
    }

    static let decisions: [Decision] = [
        .init(host: "hooks.example.com", addresses: ["93.184.215.14"], audience: .publicSubscriber, allowed: true),
        .init(host: "hooks.example.com", addresses: ["93.184.215.14"], audience: .operatorMade, allowed: true),
        // A name resolving to loopback (localhost, or an /etc/hosts entry) is refused like the literal.
        .init(host: "localhost", addresses: ["127.0.0.1", "::1"], audience: .publicSubscriber, allowed: false),
        .init(host: "localhost", addresses: ["127.0.0.1"], audience: .operatorMade, allowed: false),
        // One internal address among public ones is enough to refuse: the client could connect to it.
        .init(host: "mixed.example.com", addresses: ["93.184.215.14", "10.0.0.5"], audience: .publicSubscriber, allowed: false),
        // The allowlist opens ranges and hosts to what operators made…
        .init(host: "10.1.2.3", addresses: ["10.1.2.3"], audience: .operatorMade, allow: ["10.1.0.0/16"], allowed: true),
        .init(host: "10.2.0.1", addresses: ["10.2.0.1"], audience: .operatorMade, allow: ["10.1.0.0/16"], allowed: false),
        .init(host: "::ffff:10.1.0.9", addresses: ["::ffff:10.1.0.9"], audience: .operatorMade, allow: ["10.1.0.0/16"], allowed: true),
        .init(host: "fd00::7", addresses: ["fd00::7"], audience: .operatorMade, allow: ["fd00::/8"], allowed: true),
        .init(host: "Hooks.Internal.Example.", addresses: ["10.9.9.9"], audience: .operatorMade, allow: ["hooks.internal.example"], allowed: true),
        .init(host: "other.internal.example", addresses: ["10.9.9.9"], audience: .operatorMade, allow: ["hooks.internal.example"], allowed: false),
        .init(host: "127.0.0.1", addresses: ["127.0.0.1"], audience: .operatorMade, allow: ["127.0.0.1"], allowed: true),
        // …never to a public subscription.
        .init(host: "10.1.2.3", addresses: ["10.1.2.3"], audience: .publicSubscriber, allow: ["10.1.0.0/16"], allowed: false),
        .init(host: "hooks.internal.example", addresses: ["10.9.9.9"], audience: .publicSubscriber, allow: ["hooks.internal.example"], allowed: false),
        .init(host: "127.0.0.1", addresses: ["127.0.0.1"], audience: .publicSubscriber, allow: ["127.0.0.0/8"], allowed: false),
        .init(host: "gone.example.com", addresses: [], audience: .operatorMade, allowed: false),
        .init(host: "dual.example.com", addresses: ["2606:4700::1111", "93.184.215.14"], audience: .publicSubscriber, allowed: true),
    ]

    @Test(arguments: decisions)
    func decides(_ row: Decision) throws {
        var errors: [FieldError] = []
        let policy = OutboundPolicy(allow: row.allow, errors: &errors)
        #expect(errors.isEmpty)
        let addresses = row.addresses.compactMap(IPAddress.init)
        #expect(addresses.count == row.addresses.count)
        let decision = OutboundAddress.decide(host: row.host, addresses: addresses, audience: row.audience, policy: policy)
        switch decision {
        case .success(let address):
            #expect(row.allowed)
            #expect(address == (addresses.first { if case .v4 = $0 { true } else { false } } ?? addresses.first), "IPv4 first")
        case .failure: #expect(!row.allowed)
        }
    }

    @Test func aRefusalSaysWhatTheAddressIsAndWhatToDo() {
        let policy = OutboundPolicy()
        let refused = OutboundAddress.decide(
            host: "localhost", addresses: [IPAddress(127, 0, 0, 1)], audience: .operatorMade, policy: policy)
        #expect(refused == .failure(.address(host: "localhost", IPAddress(127, 0, 0, 1), .loopback)))
        #expect(
            "\(OutboundRefusal.address(host: "localhost", IPAddress(127, 0, 0, 1), .loopback))"
                == "localhost resolves to 127.0.0.1, which is a loopback address; Herald does not connect inside the network for this address (an operator may allow it in outbound.allow, never for public subscriptions)")
        #expect("\(OutboundRefusal.address(host: "10.0.0.5", IPAddress(10, 0, 0, 5), .privateNetwork))".hasPrefix("10.0.0.5 is a private address;"))
        #expect(OutboundAddress.decideLiteral(host: "hooks.example.com", audience: .publicSubscriber, policy: policy) == nil)
        #expect(OutboundAddress.decideLiteral(host: "0x7f.1", audience: .publicSubscriber, policy: policy)
            == .failure(.address(host: "0x7f.1", IPAddress(127, 0, 0, 1), .loopback)))
    }

    struct Target: Sendable, CustomTestStringConvertible {
        var scheme: String?
        var port: Int?
        var audience: OutboundAudience
        var refusal: OutboundRefusal?
        var testDescription: String { "\(scheme ?? "-"):\(port.map(String.init) ?? "-") for \(audience)" }
    }

    static let targets: [Target] = [
        .init(scheme: "https", port: nil, audience: .publicSubscriber),
        .init(scheme: "http", port: 80, audience: .publicSubscriber),
        .init(scheme: "HTTPS", port: 443, audience: .publicSubscriber),
        .init(scheme: "https", port: 8443, audience: .publicSubscriber, refusal: .port(8443, allowed: [80, 443])),
        .init(scheme: "http", port: 22, audience: .publicSubscriber, refusal: .port(22, allowed: [80, 443])),
        .init(scheme: "https", port: 8443, audience: .operatorMade),
        .init(scheme: "ftp", port: nil, audience: .operatorMade, refusal: .notWebURL("u")),
        .init(scheme: "http+unix", port: nil, audience: .operatorMade, refusal: .notWebURL("u")),
        .init(scheme: nil, port: nil, audience: .publicSubscriber, refusal: .notWebURL("u")),
    ]

    @Test(arguments: targets)
    func onlyWebSchemesAndForThePublicOnlyTheAllowedPorts(_ row: Target) {
        let result = OutboundAddress.target(scheme: row.scheme, host: "hooks.example.com", port: row.port, url: "u", audience: row.audience, policy: OutboundPolicy())
        switch result {
        case .success(let target):
            #expect(row.refusal == nil)
            #expect(target.port == row.port ?? (row.scheme?.lowercased() == "https" ? 443 : 80))
        case .failure(let refusal):
            #expect(refusal == row.refusal)
        }
    }

    @Test func configuredPortsAreAllowedToThePublic() {
        let policy = OutboundPolicy(subscriberPorts: [443, 8443])
        let result = OutboundAddress.target(scheme: "https", host: "h.example", port: 8443, url: "u", audience: .publicSubscriber, policy: policy)
        #expect((try? result.get()) == OutboundTarget(scheme: "https", host: "h.example", port: 8443))
        #expect(throws: OutboundRefusal.self) {
            try OutboundAddress.target(scheme: "http", host: "h.example", port: nil, url: "u", audience: .publicSubscriber, policy: policy).get()
        }
    }

    @Test func theAllowlistReadsRangesAndHostsAndNamesEveryBadEntry() {
        var errors: [FieldError] = []
        let policy = OutboundPolicy(
            allow: ["10.1.0.0/16", "hooks.internal.example", "10.1.2.3/16", "10.0.0.0/33", "not a host", "fd00::/8", "0177.0.0.1", "192.168.4.20"],
            errors: &errors)
        #expect(policy.allowedRanges.map(\.description) == ["10.1.0.0/16", "fd00::/8", "192.168.4.20/32"])
        #expect(policy.allowedHosts == ["hooks.internal.example"])
        #expect(errors.map(\.field) == ["outbound.allow[2]", "outbound.allow[3]", "outbound.allow[4]", "outbound.allow[6]"])
    }

    @Test func rangesHoldTheirAddressesOnly() throws {
        let range = try #require(AddressRange("172.16.0.0/12"))
        #expect(range.contains(IPAddress(172, 31, 0, 1)))
        #expect(!range.contains(IPAddress(172, 32, 0, 1)))
        #expect(range.contains(try #require(IPAddress("::ffff:172.20.0.1"))))
        #expect(!range.contains(try #require(IPAddress("fd00::1"))))
        let v6 = try #require(AddressRange("2001:db8:abcd::/48"))
        #expect(v6.contains(try #require(IPAddress("2001:db8:abcd:12::1"))))
        #expect(!v6.contains(try #require(IPAddress("2001:db8:abce::1"))))
        #expect(AddressRange("0.0.0.0/0")?.contains(IPAddress(8, 8, 8, 8)) == true)
    }
}

/// Which address a request came from: the socket peer, unless a trusted proxy forwarded it.
@Suite struct ClientAddressTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var peer: String
        var forwarded: [String] = []
        var forwardedFor: [String] = []
        var trusted: [String] = []
        var client: String
        var testDescription: String { "\(peer) fwd \(forwarded) xff \(forwardedFor) trusted \(trusted) → \(client)" }
    }

    static let rows: [Row] = [
        // Without trusted proxies the headers are nobody's word.
        .init(peer: "198.51.100.7", forwardedFor: ["203.0.113.9"], client: "198.51.100.7"),
        .init(peer: "10.0.0.2", forwardedFor: ["203.0.113.9"], client: "10.0.0.2"),
        // From a peer that is not trusted, likewise.
        .init(peer: "198.51.100.7", forwardedFor: ["203.0.113.9"], trusted: ["10.0.0.0/8"], client: "198.51.100.7"),
        // From a trusted proxy, the entry it appended.
        .init(peer: "10.0.0.2", forwardedFor: ["203.0.113.9"], trusted: ["10.0.0.0/8"], client: "203.0.113.9"),
        // A client's own forged entries stand left of what the proxy appended and are passed over.
        .init(peer: "10.0.0.2", forwardedFor: ["1.1.1.1, 203.0.113.9"], trusted: ["10.0.0.0/8"], client: "203.0.113.9"),
        // Two proxies: the right-most address that is not one of them.
        .init(peer: "10.0.0.2", forwardedFor: ["1.1.1.1, 203.0.113.9, 10.0.0.3"], trusted: ["10.0.0.0/8"], client: "203.0.113.9"),
        .init(peer: "10.0.0.2", forwardedFor: ["1.1.1.1", "203.0.113.9, 10.0.0.3"], trusted: ["10.0.0.0/8"], client: "203.0.113.9"),
        .init(peer: "10.0.0.2", forwardedFor: ["203.0.113.9:51234"], trusted: ["10.0.0.0/8"], client: "203.0.113.9"),
        // Only proxies in the chain: the farthest one.
        .init(peer: "10.0.0.2", forwardedFor: ["10.0.0.9, 10.0.0.3"], trusted: ["10.0.0.0/8"], client: "10.0.0.9"),
        .init(peer: "10.0.0.2", forwardedFor: ["unknown"], trusted: ["10.0.0.0/8"], client: "10.0.0.2"),
        .init(peer: "10.0.0.2", forwardedFor: [], trusted: ["10.0.0.0/8"], client: "10.0.0.2"),
        // RFC 7239 is read in preference, quoted IPv6 with a port included.
        .init(peer: "10.0.0.2", forwarded: [#"for=192.0.2.60;proto=http;by=10.0.0.2"#], forwardedFor: ["1.1.1.1"], trusted: ["10.0.0.0/8"], client: "192.0.2.60"),
        .init(peer: "10.0.0.2", forwarded: [#"for=1.1.1.1, for="[2001:DB8:cafe::17]:4711""#], trusted: ["10.0.0.0/8"], client: "2001:db8:cafe::17"),
        .init(peer: "10.0.0.2", forwarded: [#"For="_hidden", for=10.0.0.7"#], trusted: ["10.0.0.0/8"], client: "10.0.0.7"),
        .init(peer: "::ffff:10.0.0.2", forwardedFor: ["203.0.113.9"], trusted: ["10.0.0.2"], client: "203.0.113.9"),
        .init(peer: "127.0.0.1", forwardedFor: ["203.0.113.9"], trusted: ["127.0.0.1"], client: "203.0.113.9"),
        .init(peer: "unknown", forwardedFor: ["203.0.113.9"], trusted: ["0.0.0.0/0"], client: "unknown"),
    ]

    @Test(arguments: rows)
    func readsTheForwardedClientOnlyFromTrustedProxies(_ row: Row) {
        let trusted = row.trusted.compactMap(AddressRange.init)
        #expect(trusted.count == row.trusted.count)
        #expect(ClientAddress.of(peer: row.peer, forwarded: row.forwarded, forwardedFor: row.forwardedFor, trusted: trusted) == row.client)
    }
}
