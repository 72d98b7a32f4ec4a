/// An IPv4 or IPv6 address, as Herald compares and classifies them. IPv6 is held as 16 bytes in
/// network order; an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) stays IPv6 here and is judged by
/// the IPv4 address inside it (`OutboundAddress`).
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4(UInt32)
    case v6([UInt8])

    /// The strict text forms: dotted quad (`10.0.0.5`, four decimal parts, no leading zeros) and
    /// IPv6 as RFC 4291 writes it (`fe80::1`, `::ffff:10.0.0.5`), without brackets or a zone.
    public init?(_ text: String) {
        if let v4 = Self.dottedQuad(text) {
            self = .v4(v4)
        } else if let v6 = Self.ipv6(text) {
            self = .v6(v6)
        } else {
            return nil
        }
    }

    /// An IPv4 address from its four bytes.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        self = .v4(UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d))
    }

    /// A URL's host read the way URL parsers and `inet_aton` read it, so that no spelling of an
    /// address slips past as a "name": `[::1]`, and the IPv4 forms browsers, curl and glibc accept —
    /// one to four parts, each decimal, octal (`0177`) or hexadecimal (`0x7f`), the last filling the
    /// remaining bytes (`127.1`, `2130706433`, `0x7f000001`), with an optional trailing dot.
    /// Nil for a host that is a name.
    public static func hostLiteral(_ host: String) -> IPAddress? {
        if host.hasPrefix("["), host.hasSuffix("]") {
            return ipv6(String(host.dropFirst().dropLast())).map(IPAddress.v6)
        }
        if let v6 = ipv6(host) { return .v6(v6) }
        return lenientIPv4(host).map(IPAddress.v4)
    }

    public var description: String {
        switch self {
        case .v4(let value):
            return "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)"
        case .v6(let bytes):
            if let mapped = mappedIPv4 { return "::ffff:" + IPAddress.v4(mapped).description }
            let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            // RFC 5952: the longest run of two or more zero groups becomes "::", the first if tied.
            var best: Range<Int>?
            var start: Int?
            for index in 0...8 {
                if index < 8, groups[index] == 0 {
                    if start == nil { start = index }
                } else if let run = start {
                    if index - run >= 2, index - run > (best?.count ?? 0) { best = run..<index }
                    start = nil
                }
            }
            let hex = groups.map { String($0, radix: 16) }
            guard let best else { return hex.joined(separator: ":") }
            return hex[..<best.lowerBound].joined(separator: ":") + "::" + hex[best.upperBound...].joined(separator: ":")
        }
    }

    /// The IPv4 address inside `::ffff:a.b.c.d`.
    public var mappedIPv4: UInt32? {
        guard case .v6(let bytes) = self, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff else { return nil }
        return Self.word(bytes, at: 12)
    }

    static func word(_ bytes: [UInt8], at index: Int) -> UInt32 {
        UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16 | UInt32(bytes[index + 2]) << 8 | UInt32(bytes[index + 3])
    }

    static func dottedQuad(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit), part.count == 1 || part.first != "0",
                let byte = UInt8(part)
            else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }

    static func lenientIPv4(_ text: String) -> UInt32? {
        var text = Substring(text)
        if text.hasSuffix(".") { text = text.dropLast() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return nil }
        var numbers: [UInt64] = []
        for part in parts {
            guard let number = number(part) else { return nil }
            numbers.append(number)
        }
        var value: UInt64 = 0
        for (index, number) in numbers.enumerated() {
            if index < numbers.count - 1 {
                guard number <= 0xff else { return nil }
                value |= number << UInt64(8 * (3 - index))
            } else {
                let remaining = 4 - index
                guard number < (UInt64(1) << UInt64(8 * remaining)) else { return nil }
                value |= number
            }
        }
        return UInt32(value)
    }

    /// One part of a lenient IPv4 address: decimal, `0x` hexadecimal or `0` octal.
    static func number(_ part: Substring) -> UInt64? {
        guard !part.isEmpty, part.count <= 16 else { return nil }
        let lower = part.lowercased()
        if lower.hasPrefix("0x") {
            let digits = lower.dropFirst(2)
            return digits.isEmpty ? 0 : UInt64(digits, radix: 16)
        }
        if lower.count > 1, lower.hasPrefix("0") {
            return UInt64(lower.dropFirst(), radix: 8)
        }
        guard lower.allSatisfy(\.isASCIIDigit) else { return nil }
        return UInt64(lower)
    }

    static func ipv6(_ text: String) -> [UInt8]? {
        guard text.contains(":"), text.utf8.count <= 45 else { return nil }
        var text = Substring(text)
        var tail: [UInt8] = []
        // An embedded IPv4 address in the last 32 bits.
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let v4 = dottedQuad(String(text[text.index(after: lastColon)...])) else { return nil }
            tail = [UInt8(v4 >> 24), UInt8(v4 >> 16 & 0xff), UInt8(v4 >> 8 & 0xff), UInt8(v4 & 0xff)]
            text = text[...lastColon]
            if text.hasSuffix("::") == false { text = text.dropLast() }
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ half: String) -> [UInt16]? {
            guard !half.isEmpty else { return [] }
            var result: [UInt16] = []
            for group in half.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        let rest = halves.count == 2 ? groups(halves[1]) : []
        guard let rest else { return nil }
        let wanted = tail.isEmpty ? 8 : 6
        var all: [UInt16]
        if halves.count == 2 {
            guard head.count + rest.count < wanted else { return nil }
            all = head + Array(repeating: 0, count: wanted - head.count - rest.count) + rest
        } else {
            guard head.count == wanted else { return nil }
            all = head
        }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] } + tail
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
