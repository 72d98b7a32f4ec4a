extension Sequence<UInt8> {
    /// Lowercase hexadecimal, two digits per byte. Written out because `String(format: "%02x")` per
    /// byte was a sixth of the delivery worker's time when signing webhooks.
    public var hexadecimal: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    /// Compares two signatures in time that does not depend on where they differ, so a forger
    /// cannot find a valid one a character at a time.
    public func constantTimeEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && zip(utf8, other.utf8).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
