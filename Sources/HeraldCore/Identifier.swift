/// Makes opaque identifiers for records whose id the operator did not choose.
public enum Identifier {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// A 12-character lowercase id, like Statuspage's, which always passes `Validate.identifier`.
    public static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(12)
        // The first character is a letter so the id never looks like a number in YAML or a URL.
        bytes.append(alphabet[Int.random(in: 0..<26, using: &generator)])
        for _ in 1..<12 {
            bytes.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }
}
