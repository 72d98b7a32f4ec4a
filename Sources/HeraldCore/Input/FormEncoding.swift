/// `application/x-www-form-urlencoded` bodies (what an HTML form and Twilio send), read strictly: the
/// names and values must be UTF-8 once their `%XX` escapes are decoded. A byte that is not is refused
/// with the field it is in, never replaced with U+FFFD and stored, as JSON bodies are refused.
public enum FormEncoding {
    /// Every name and value in order, keeping repeated names (checkboxes). `+` is a space; a `%` not
    /// followed by two hex digits stays as written, as browsers read it.
    public static func pairs(_ body: some Collection<UInt8>) throws(ValidationFailure) -> [(String, String)] {
        var pairs: [(String, String)] = []
        var errors: [FieldError] = []
        for piece in Array(body).split(separator: UInt8(ascii: "&")) {
            let parts = piece.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = String(validating: decode(parts[0]), as: UTF8.self) else {
                if !errors.contains(where: { $0.field == "body" }) { errors.append(FieldError("body", "has a field name that is not valid UTF-8")) }
                continue
            }
            let value = parts.count > 1 ? decode(parts[1]) : []
            guard let text = String(validating: value, as: UTF8.self) else {
                let error = FieldError(name, "is not valid UTF-8")
                if !errors.contains(error) { errors.append(error) }
                continue
            }
            pairs.append((name, text))
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return pairs
    }

    /// The last value of each name.
    public static func fields(_ body: some Collection<UInt8>) throws(ValidationFailure) -> [String: String] {
        Dictionary(try pairs(body), uniquingKeysWith: { _, last in last })
    }

    static func decode(_ part: ArraySlice<UInt8>) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(part.count)
        var index = part.startIndex
        while index < part.endIndex {
            let byte = part[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%"), index + 2 < part.endIndex, let high = hex(part[index + 1]), let low = hex(part[index + 2]) {
                bytes.append(high << 4 | low)
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        return bytes
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
