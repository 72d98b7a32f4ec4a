/// What kind of network an address belongs to, for deciding whether Herald may connect to it on
/// someone's behalf (IANA's special-purpose registries, RFC 6890 and its updates).
public enum AddressClass: String, Sendable, Equatable, CaseIterable {
    case `public`
    /// 127.0.0.0/8, ::1.
    case loopback
    /// RFC 1918: 10/8, 172.16/12, 192.168/16.
    case privateNetwork = "private"
    /// RFC 4193: fc00::/7.
    case uniqueLocal = "unique-local"
    /// 169.254/16 (where cloud metadata services answer, 169.254.169.254), fe80::/10.
    case linkLocal = "link-local"
    /// RFC 6598 carrier-grade NAT: 100.64/10.
    case sharedAddressSpace = "carrier-grade NAT"
    case multicast
    /// 0.0.0.0/8 and ::, which Linux connects to this host.
    case unspecified
    /// 255.255.255.255.
    case broadcast
    /// 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32: examples, never a real receiver.
    case documentation
    /// 240/4, benchmarking (198.18/15), protocol assignments (192.0.0/24), the deprecated site-local
    /// and IPv4-compatible IPv6 forms, and IPv6 outside global unicast (2000::/3).
    case reserved
}

extension IPAddress {
    /// The class of this address; an IPv6 address that carries an IPv4 one (IPv4-mapped `::ffff:…`,
    /// NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) has the class of the IPv4 address inside.
    public var addressClass: AddressClass {
        switch self {
        case .v4(let value):
            return Self.classify(v4: value)
        case .v6(let bytes):
            if bytes.allSatisfy({ $0 == 0 }) { return .unspecified }
            if bytes[0..<15].allSatisfy({ $0 == 0 }), bytes[15] == 1 { return .loopback }
            if let mapped = mappedIPv4 { return Self.classify(v4: mapped) }
            if bytes[0..<12] == [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0] { return Self.classify(v4: Self.word(bytes, at: 12)) }
            if bytes[0] == 0x20, bytes[1] == 0x02 { return Self.classify(v4: Self.word(bytes, at: 2)) }
            if bytes[0] == 0xff { return .multicast }
            if bytes[0] & 0xfe == 0xfc { return .uniqueLocal }
            if bytes[0] == 0xfe, bytes[1] & 0xc0 == 0x80 { return .linkLocal }
            if bytes[0] == 0x20, bytes[1] == 0x01, bytes[2] == 0x0d, bytes[3] == 0xb8 { return .documentation }
            // 2001::/23: Teredo, ORCHID, benchmarking and other protocol assignments.
            if bytes[0] == 0x20, bytes[1] == 0x01, bytes[2] & 0xfe == 0 { return .reserved }
            // 64:ff9b:1::/48 (local NAT64) and everything else outside 2000::/3.
            if bytes[0] & 0xe0 != 0x20 { return .reserved }
            return .public
        }
    }

    static func classify(v4 value: UInt32) -> AddressClass {
        func within(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ prefix: Int) -> Bool {
            guard case .v4(let base) = IPAddress(a, b, c, d) else { return false }
            let mask: UInt32 = prefix == 0 ? 0 : ~0 << UInt32(32 - prefix)
            return value & mask == base
        }
        if value == 0xffff_ffff { return .broadcast }
        if within(0, 0, 0, 0, 8) { return .unspecified }
        if within(127, 0, 0, 0, 8) { return .loopback }
        if within(10, 0, 0, 0, 8) || within(172, 16, 0, 0, 12) || within(192, 168, 0, 0, 16) { return .privateNetwork }
        if within(169, 254, 0, 0, 16) { return .linkLocal }
        if within(100, 64, 0, 0, 10) { return .sharedAddressSpace }
        if within(224, 0, 0, 0, 4) { return .multicast }
        if within(192, 0, 2, 0, 24) || within(198, 51, 100, 0, 24) || within(203, 0, 113, 0, 24) { return .documentation }
        if within(240, 0, 0, 0, 4) || within(198, 18, 0, 0, 15) || within(192, 0, 0, 0, 24) || within(192, 88, 99, 0, 24) { return .reserved }
        return .public
    }
}

/// An address range written as CIDR (`10.1.0.0/16`, `fd00::/8`) or a single address (`10.0.0.5`).
public struct AddressRange: Hashable, Sendable, CustomStringConvertible {
    public let base: IPAddress
    public let prefix: Int

    /// Nil unless `text` is an address or an address, `/` and a prefix length that fits it; host
    /// bits set below the prefix (`10.1.2.3/16`) are refused as a likely typo.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let base = IPAddress(String(parts[0])) else { return nil }
        let width = if case .v4 = base { 32 } else { 128 }
        var prefix = width
        if parts.count == 2 {
            guard (1...3).contains(parts[1].count), parts[1].allSatisfy({ ("0"..."9").contains($0) }), let length = Int(parts[1]),
                length <= width
            else { return nil }
            prefix = length
        }
        guard Self.masked(base, prefix) == base else { return nil }
        self.base = base
        self.prefix = prefix
    }

    public func contains(_ address: IPAddress) -> Bool {
        // An IPv4 range also holds the IPv4-mapped IPv6 form of its addresses.
        if case .v4 = base, let mapped = address.mappedIPv4 { return Self.masked(.v4(mapped), prefix) == base }
        switch (base, address) {
        case (.v4, .v4), (.v6, .v6): return Self.masked(address, prefix) == base
        default: return false
        }
    }

    public var description: String { "\(base)/\(prefix)" }

    static func masked(_ address: IPAddress, _ prefix: Int) -> IPAddress {
        switch address {
        case .v4(let value):
            return .v4(prefix == 0 ? 0 : value & (~0 << UInt32(32 - prefix)))
        case .v6(let bytes):
            return .v6(bytes.enumerated().map { index, byte in
                let bits = max(0, min(8, prefix - index * 8))
                return bits == 0 ? 0 : byte & UInt8(truncatingIfNeeded: 0xff << (8 - bits))
            })
        }
    }
}

/// Who gave Herald an address to call, which decides how far inside the network it may reach.
public enum OutboundAudience: Sendable, Equatable {
    /// Anyone on the internet, through `/subscribe`: public addresses only, on the allowed ports,
    /// whatever the allowlist says.
    case publicSubscriber
    /// An operator or admin (a contact's webhook, a channel's robot URL): public addresses, and
    /// the hosts and ranges the config file's `outbound.allow` names.
    case operatorMade
}

/// The config file's `outbound` section: the internal ranges and hosts operators allow for the
/// addresses they make, and the ports public subscriptions may use.
public struct OutboundPolicy: Sendable, Equatable {
    /// `outbound.allow`: ranges (`10.1.0.0/16`) and exact host names (`hooks.internal.example`).
    public var allowedRanges: [AddressRange]
    public var allowedHosts: Set<String>
    /// `outbound.subscriber_ports`: the ports a public webhook subscription may name.
    public var subscriberPorts: Set<Int>

    public static let standardPorts: Set<Int> = [80, 443]

    public init(allowedRanges: [AddressRange] = [], allowedHosts: Set<String> = [], subscriberPorts: Set<Int> = Self.standardPorts) {
        self.allowedRanges = allowedRanges
        self.allowedHosts = Set(allowedHosts.map(Self.normalized))
        self.subscriberPorts = subscriberPorts
    }

    /// Reads `outbound.allow` entries, each a range or address, else a host name; a bad entry is
    /// reported into `errors` by its path (`outbound.allow[2]`) and left out.
    public init(
        allow entries: [String], subscriberPorts: Set<Int> = Self.standardPorts, field: String = "outbound.allow", errors: inout [FieldError]
    ) {
        var ranges: [AddressRange] = []
        var hosts: Set<String> = []
        for (index, entry) in entries.enumerated() {
            if let range = AddressRange(entry) {
                ranges.append(range)
            } else if entry.contains("/") || IPAddress.hostLiteral(entry) != nil || !Self.isHostName(entry) {
                errors.append(FieldError("\(field)[\(index)]", "'\(entry)' is neither an address range such as 10.1.0.0/16 nor a host name"))
            } else {
                hosts.insert(entry)
            }
        }
        self.init(allowedRanges: ranges, allowedHosts: hosts, subscriberPorts: subscriberPorts)
    }

    static func normalized(_ host: String) -> String {
        var host = host.lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        return host
    }

    static func isHostName(_ text: String) -> Bool {
        let labels = normalized(text).split(separator: ".", omittingEmptySubsequences: false)
        return !labels.isEmpty && text.utf8.count <= 253 && labels.allSatisfy { label in
            (1...63).contains(label.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
    }
}

/// A URL Herald was asked to call, taken apart: only http and https.
public struct OutboundTarget: Sendable, Equatable {
    public var scheme: String
    /// As the URL writes it, without IPv6 brackets: the name to resolve, or an address.
    public var host: String
    public var port: Int

    public init(scheme: String, host: String, port: Int) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }
}

/// Why Herald will not call an address, in words for the delivery's last error and the log.
public enum OutboundRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case notWebURL(String)
    case port(Int, allowed: Set<Int>)
    case address(host: String, IPAddress, AddressClass)
    /// The name resolved to no address at all.
    case noAddress(host: String)

    public var description: String {
        switch self {
        case .notWebURL(let url):
            return "'\(url.prefix(200))' is not an http(s) URL"
        case .port(let port, let allowed):
            return "port \(port) is not one public webhooks may use (\(allowed.sorted().map(String.init).joined(separator: ", ")))"
        case .address(let host, let address, let kind):
            let named = host == address.description ? "\(address)" : "\(host) resolves to \(address), which"
            return "\(named) is a \(kind.rawValue) address; Herald does not connect inside the network for this address"
                + " (an operator may allow it in outbound.allow, never for public subscriptions)"
        case .noAddress(let host):
            return "the name \(host) resolves to no address"
        }
    }

    /// The reason told to whoever asked from outside: what the address is, not how to allow it.
    public var publicReason: String {
        switch self {
        case .address(let host, let address, let kind):
            host == address.description ? "\(address) is a \(kind.rawValue) address" : "\(host) resolves to \(address), a \(kind.rawValue) address"
        default:
            description
        }
    }
}

/// The decision of whether Herald may connect to an address: pure, over the URL, the audience, the
/// policy and the addresses the host resolved to. The HTTP side resolves the name once, asks this,
/// and connects to the very address that was allowed (no second lookup a rebinding name could change).
public enum OutboundAddress {
    /// The URL's parts as the HTTP client reads them (so that the host checked is the host it
    /// would connect to), or why it cannot be called at all: only http and https, and for public
    /// subscriptions only the allowed ports.
    public static func target(scheme: String?, host: String?, port: Int?, url: String, audience: OutboundAudience, policy: OutboundPolicy)
        -> Result<OutboundTarget, OutboundRefusal>
    {
        guard let scheme = scheme?.lowercased(), scheme == "http" || scheme == "https", let host, !host.isEmpty else {
            return .failure(.notWebURL(url))
        }
        let port = port ?? (scheme == "https" ? 443 : 80)
        if audience == .publicSubscriber, !policy.subscriberPorts.contains(port) {
            return .failure(.port(port, allowed: policy.subscriberPorts))
        }
        return .success(OutboundTarget(scheme: scheme, host: host, port: port))
    }

    /// Whether `host`, resolved to `addresses`, may be connected to; the address to connect to when
    /// it may (the first IPv4 one, else the first: one address is connected to, and IPv4 is the
    /// one more often routed). Every address must pass: a name that also resolves to an internal
    /// one is refused.
    public static func decide(host: String, addresses: [IPAddress], audience: OutboundAudience, policy: OutboundPolicy)
        -> Result<IPAddress, OutboundRefusal>
    {
        guard let first = addresses.first(where: { if case .v4 = $0 { true } else { false } }) ?? addresses.first else {
            return .failure(.noAddress(host: host))
        }
        let hostAllowed = audience == .operatorMade && policy.allowedHosts.contains(OutboundPolicy.normalized(host))
        for address in addresses {
            let kind = address.addressClass
            if kind == .public || hostAllowed { continue }
            if audience == .operatorMade, policy.allowedRanges.contains(where: { $0.contains(address) }) { continue }
            return .failure(.address(host: host, address, kind))
        }
        return .success(first)
    }

    /// The decision for a host that is itself an address (any spelling `IPAddress.hostLiteral`
    /// reads), with no lookup; nil for a name, which must be resolved first.
    public static func decideLiteral(host: String, audience: OutboundAudience, policy: OutboundPolicy) -> Result<IPAddress, OutboundRefusal>? {
        guard let literal = IPAddress.hostLiteral(host) else { return nil }
        return decide(host: host, addresses: [literal], audience: audience, policy: policy)
    }
}
