/// Which address a request came from, for per-client limits and the records that keep it.
///
/// Behind a load balancer every request's socket peer is the balancer, so one client's limit would
/// be everyone's. A proxy the operator trusts (`server.trusted_proxies`) says who its client was in
/// `Forwarded` (RFC 7239) or `X-Forwarded-For`, appending to what the request already carried; only
/// the entries trusted proxies appended can be believed, so the client is the right-most entry that
/// is not itself a trusted proxy. From anyone else those headers are ignored: a client could write
/// any address in them.
public enum ClientAddress {
    /// - Parameters:
    ///   - peer: the socket peer's address.
    ///   - forwarded: the `Forwarded` header's lines, in order; when present they are read instead
    ///     of `X-Forwarded-For`.
    ///   - forwardedFor: the `X-Forwarded-For` header's lines, in order.
    public static func of(peer: String, forwarded: [String], forwardedFor: [String], trusted: [AddressRange]) -> String {
        guard !trusted.isEmpty, let peerAddress = IPAddress.hostLiteral(peer), isTrusted(peerAddress, trusted) else { return peer }
        let chain = forwarded.isEmpty ? forwardedFor.flatMap(forwardedForEntries) : forwarded.flatMap(forwardedEntries)
        var nearest = peerAddress
        for entry in chain.reversed() {
            // An entry that is no address (`unknown`, an obfuscated `_node`) ends the chain: the
            // nearest address known stands for the client.
            guard let address = address(entry) else { break }
            if !isTrusted(address, trusted) { return address.description }
            nearest = address
        }
        return nearest == peerAddress ? peer : nearest.description
    }

    static func isTrusted(_ address: IPAddress, _ trusted: [AddressRange]) -> Bool {
        trusted.contains { $0.contains(address) }
    }

    /// `X-Forwarded-For: 203.0.113.7, 10.0.0.2` — addresses, perhaps with a port.
    static func forwardedForEntries(_ line: String) -> [String] {
        line.split(separator: ",").map { $0.trimmingSpaces }
    }

    /// `Forwarded: for=192.0.2.60;proto=http, for="[2001:db8::17]:4711"` — the `for` of each element.
    static func forwardedEntries(_ line: String) -> [String] {
        elements(line, separator: ",").map { element in
            for pair in elements(element, separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
                guard parts.count == 2, parts[0].lowercased() == "for" else { continue }
                var value = Substring(parts[1])
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
                return String(value)
            }
            // An element without `for` says nothing about the client.
            return "unknown"
        }
    }

    /// Splits at `separator` outside double quotes.
    static func elements(_ text: String, separator: Character) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == separator, !quoted {
                result.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        result.append(current)
        return result.map { $0.trimmingSpaces }.filter { !$0.isEmpty }
    }

    /// An entry's address: `10.0.0.2`, `10.0.0.2:5000`, `[2001:db8::17]:4711` or `2001:db8::17`.
    static func address(_ entry: String) -> IPAddress? {
        if entry.hasPrefix("[") {
            guard let close = entry.firstIndex(of: "]") else { return nil }
            return IPAddress(String(entry[entry.index(after: entry.startIndex)..<close]))
        }
        if let address = IPAddress(entry) { return address }
        let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, parts[1].allSatisfy({ ("0"..."9").contains($0) }) { return IPAddress(String(parts[0])) }
        return nil
    }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
