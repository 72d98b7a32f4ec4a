/// The one spelling of a JSON value that audit hashes and checkpoint signatures are computed over,
/// so anyone can recompute them from an export with any JSON library:
/// - objects' members sorted by the UTF-8 bytes of their names, arrays in order;
/// - no whitespace anywhere;
/// - strings in double quotes; `"` and `\` escaped with a backslash, U+0000–U+001F as `\u00xx`
///   (lowercase hex), every other character as its UTF-8 bytes (no `\/`, no `\uXXXX` for non-ASCII);
/// - integers in decimal without leading zeros or `+`; other numbers as the shortest decimal that
///   reads back to the same double; `true`, `false`, `null`.
public enum CanonicalJSON {
    public static func write(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .integer(let number): out += String(number)
        case .number(let number):
            if number.rounded() == number, abs(number) < 9.0e15 { out += String(Int64(number)) } else { out += "\(number)" }
        case .string(let text): string(text, into: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, name) in members.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }).enumerated() {
                if index > 0 { out += "," }
                string(name, into: &out)
                out += ":"
                write(members[name]!, into: &out)
            }
            out += "}"
        }
    }

    static func string(_ text: String, into out: inout String) {
        let digits = Array("0123456789abcdef")
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                out += "\\u00" + String(digits[Int(scalar.value >> 4)]) + String(digits[Int(scalar.value & 0xF)])
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
