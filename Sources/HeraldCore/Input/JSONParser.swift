/// Strict JSON (RFC 8259) for everything Herald is sent: the text must be UTF-8 — a byte that is
/// not is refused, never replaced with U+FFFD — and an object must not name a member twice, since
/// two readers of `{"role":"viewer","role":"admin"}` may each believe a different one. Trailing
/// commas, bare control characters in strings and lone surrogates are refused too.
extension JSONValue {
    /// The deepest nesting accepted; deeper input is refused before it can exhaust the stack.
    public static let maximumDepth = 512

    /// Reads `bytes` as one JSON value. Syntax and encoding problems name `field` (the body); every
    /// member named twice is reported by its path (`labels.team`, `alerts[0].status`), all at once.
    public static func parse(_ bytes: some Collection<UInt8>, field: String = "body") throws(ValidationFailure) -> JSONValue {
        let array = Array(bytes)
        let result: Result<JSONValue, ValidationFailure> = array.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, field: field)
            do throws(JSONParser.Failure) {
                let value = try parser.document()
                if !parser.duplicates.isEmpty { return .failure(ValidationFailure(parser.duplicates)) }
                return .success(value)
            } catch {
                return .failure(ValidationFailure([FieldError(field, error.reason)]))
            }
        }
        return try result.get()
    }
}

struct JSONParser {
    struct Failure: Error {
        var reason: String
        static let syntax = Failure(reason: "is not valid JSON")
        static let encoding = Failure(reason: "is not valid UTF-8")
        static let depth = Failure(reason: "nests deeper than \(JSONValue.maximumDepth) levels")
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let field: String
    var index = 0
    var depth = 0
    var duplicates: [FieldError] = []

    init(bytes: UnsafeBufferPointer<UInt8>, field: String) {
        self.bytes = bytes
        self.field = field
        // A UTF-8 byte-order mark (Windows tools write one) says nothing; it is skipped.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    mutating func document() throws(Failure) -> JSONValue {
        let value = try self.value(path: "")
        skipSpace()
        guard index == bytes.count else { throw .syntax }
        return value
    }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func value(path: String) throws(Failure) -> JSONValue {
        skipSpace()
        guard index < bytes.count else { throw .syntax }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(path: path)
        case UInt8(ascii: "["): return try array(path: path)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case 0x80...: throw .encoding.ifInvalidUTF8(bytes, at: index)
        default: throw .syntax
        }
    }

    mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw .syntax }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw .syntax }
        index += count
    }

    mutating func enter() throws(Failure) {
        depth += 1
        guard depth <= JSONValue.maximumDepth else { throw .depth }
    }

    mutating func object(path: String) throws(Failure) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw .syntax }
            let name = try string()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw .syntax }
            index += 1
            let memberPath = path.isEmpty ? name : path + "." + name
            let member = try value(path: memberPath)
            if members.updateValue(member, forKey: name) != nil {
                let error = FieldError(memberPath, "is given more than once; name each member once")
                if !duplicates.contains(error) { duplicates.append(error) }
            }
            skipSpace()
            guard index < bytes.count else { throw .syntax }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(members)
            default: throw .syntax
            }
        }
    }

    mutating func array(path: String) throws(Failure) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var elements: [JSONValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try value(path: "\(path)[\(elements.count)]"))
            skipSpace()
            guard index < bytes.count else { throw .syntax }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(elements)
            default: throw .syntax
            }
        }
    }

    /// A string from its opening quote; its bytes must be UTF-8 and its escapes whole.
    mutating func string() throws(Failure) -> String {
        index += 1
        let start = index
        // The common case: no escapes, so the text is the bytes between the quotes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                guard let string = String(validating: text, as: UTF8.self) else { throw .encoding }
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw .syntax }
            index += 1
        }
        var scratch = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let string = String(validating: scratch, as: UTF8.self) else { throw .encoding }
                return string
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw .syntax }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw .encoding
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw .encoding }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw .encoding
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw .encoding }
                    scratch.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw .syntax
                }
            default:
                guard byte >= 0x20 else { throw .syntax }
                scratch.append(byte)
            }
        }
        throw .syntax
    }

    mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw .syntax }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .syntax
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. Whole numbers are integers, as the
    /// decoder before this one read them: `3`, `3.0` and `3e0` alike; others, and integers beyond
    /// 64 bits, are numbers; a number too large for a double is refused.
    mutating func number() throws(Failure) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ parser: inout JSONParser) -> Int {
            let from = parser.index
            while parser.index < parser.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.index]) {
                parser.index += 1
            }
            return parser.index - from
        }
        guard index < bytes.count else { throw .syntax }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits(&self) == 0 {
            throw .syntax
        }
        var whole = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            whole = false
            guard digits(&self) > 0 else { throw .syntax }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            whole = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw .syntax }
        }
        // A leading zero may not be followed by digits (`01`).
        if index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { throw .syntax }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if whole, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text), double.isFinite else { throw .syntax }
        if double == double.rounded(), double >= -9.223372036854775808e18, double < 9.223372036854775808e18, !whole {
            return .integer(Int64(double))
        }
        return .number(double)
    }
}

extension JSONParser.Failure {
    /// A byte of 0x80 or more where a value should start: a syntax error, reported as an encoding
    /// error when the bytes there are not UTF-8 either.
    func ifInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> JSONParser.Failure {
        let end = Swift.min(bytes.count, index + 4)
        var decoder = UTF8()
        var iterator = UnsafeBufferPointer(rebasing: bytes[index..<end]).makeIterator()
        if case .scalarValue = decoder.decode(&iterator) { return .syntax }
        return self
    }
}
