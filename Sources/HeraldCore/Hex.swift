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
