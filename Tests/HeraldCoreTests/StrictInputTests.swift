import Foundation
import HeraldCore
import Testing

/// JSON and form bodies are read strictly: not UTF-8 is refused, never replaced; a member named
/// twice is refused, never first- or last-wins.
@Suite struct StrictInputTests {
    struct JSONRow: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var value: JSONValue?
        var errors: [FieldError] = []
        var testDescription: String { name }

        init(_ name: String, _ text: String, _ value: JSONValue) {
            self.name = name
            bytes = Array(text.utf8)
            self.value = value
        }

        init(_ name: String, bytes: [UInt8], refused errors: [FieldError]) {
            self.name = name
            self.bytes = bytes
            self.errors = errors
        }

        init(_ name: String, _ text: String, refused errors: [FieldError]) {
            self.init(name, bytes: Array(text.utf8), refused: errors)
        }
    }

    static let notJSON = [FieldError("body", "is not valid JSON")]
    static let notUTF8 = [FieldError("body", "is not valid UTF-8")]

    static let json: [JSONRow] = [
        JSONRow("an object", #"{"a":1,"b":"x","c":[true,false,null],"d":{}}"#,
                .object(["a": .integer(1), "b": .string("x"), "c": .array([.bool(true), .bool(false), .null]), "d": .object([:])])),
        JSONRow("whitespace around", " \n\t{ \"a\" : [ ] }\r\n", .object(["a": .array([])])),
        JSONRow("Chinese text and escapes", #""支付\u7f51\u5173 \"ok\"\n\/\ud83d\ude00""#, .string("支付网关 \"ok\"\n/😀")),
        JSONRow("integers as the old decoder read them", "[0,-0,3,3.0,3e0,0.3e1,-12]",
                .array([.integer(0), .integer(0), .integer(3), .integer(3), .integer(3), .integer(3), .integer(-12)])),
        JSONRow("fractions and big integers are numbers", "[1.5,-2.5e-3,9223372036854775808]",
                .array([.number(1.5), .number(-0.0025), .number(9_223_372_036_854_775_808)])),
        JSONRow("a byte-order mark is skipped", "\u{FEFF}{}", .object([:])),
        JSONRow("a duplicate member", #"{"email":"a@example.com","email":"b@example.com"}"#,
                refused: [FieldError("email", "is given more than once; name each member once")]),
        JSONRow("duplicates are named by their path, each once", #"{"labels":{"team":"a","team":"b","team":"c"},"alerts":[{"x":1,"x":2}]}"#,
                refused: [FieldError("labels.team", "is given more than once; name each member once"),
                          FieldError("alerts[0].x", "is given more than once; name each member once")]),
        JSONRow("an invalid byte in a string", bytes: [0x7B, 0x22, 0x65, 0x22, 0x3A, 0x22, 0xFF, 0x40, 0x78, 0x22, 0x7D], refused: notUTF8),
        JSONRow("an overlong encoding", bytes: [0x22, 0xC0, 0xAF, 0x22], refused: notUTF8),
        JSONRow("an encoded surrogate", bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], refused: notUTF8),
        JSONRow("a truncated sequence", bytes: [0x22, 0xE6, 0x94, 0x22], refused: notUTF8),
        JSONRow("an invalid byte after an escape", bytes: [0x22, 0x5C, 0x6E, 0xFE, 0x22], refused: notUTF8),
        JSONRow("an invalid byte outside a string", bytes: [0x5B, 0xFF, 0x5D], refused: notUTF8),
        JSONRow("a lone high surrogate escape", #""\ud800""#, refused: notUTF8),
        JSONRow("a lone low surrogate escape", #""\udc00x""#, refused: notUTF8),
        JSONRow("a trailing comma in an array", "[1,2,]", refused: notJSON),
        JSONRow("a trailing comma in an object", #"{"a":1,}"#, refused: notJSON),
        JSONRow("a bare control character", "\"a\tb\"", refused: notJSON),
        JSONRow("a leading zero", "01", refused: notJSON),
        JSONRow("a bare point", "1.", refused: notJSON),
        JSONRow("an infinite number", "1e400", refused: notJSON),
        JSONRow("two values", "{} {}", refused: notJSON),
        JSONRow("nothing", "", refused: notJSON),
        JSONRow("a bad escape", #""\x41""#, refused: notJSON),
        JSONRow("single quotes", "{'a':1}", refused: notJSON),
        JSONRow("an unterminated string", #"{"a":"b"#, refused: notJSON),
        JSONRow("a misspelt literal", "[tru]", refused: notJSON),
        JSONRow("nesting too deep", String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
                refused: [FieldError("body", "nests deeper than 512 levels")]),
    ]

    @Test(arguments: json)
    func readsJSON(_ row: JSONRow) {
        do {
            let value = try JSONValue.parse(row.bytes)
            #expect(row.errors.isEmpty, "accepted \(value)")
            #expect(value == row.value)
        } catch {
            #expect(error.errors == row.errors)
        }
    }

    @Test func agreesWithFoundationOnValidJSON() throws {
        let text = #"{"a":[1,2.5,"x",{"b":null}],"c":true,"d":"\u00e9\u4e2d","e":-7,"f":1e2}"#
        let strict = try JSONValue.parse(Array(text.utf8))
        let lenient = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(strict == lenient)
    }

    @Test func nestingToTheLimitIsFine() throws {
        let depth = JSONValue.maximumDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        _ = try JSONValue.parse(Array(text.utf8))
    }

    struct FormRow: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var pairs: [[String]] = []
        var errors: [FieldError] = []
        var testDescription: String { name }
    }

    static let forms: [FormRow] = [
        FormRow(name: "fields in order, repeats kept", bytes: Array("email=a%40example.com&components=pay&components=db".utf8),
                pairs: [["email", "a@example.com"], ["components", "pay"], ["components", "db"]]),
        FormRow(name: "plus is a space, percent-encoded UTF-8 is text", bytes: Array("message=%E6%94%AF%E4%BB%98+ok&name=".utf8),
                pairs: [["message", "支付 ok"], ["name", ""]]),
        FormRow(name: "raw UTF-8 is text too, a name alone has an empty value", bytes: Array("message=支付&flag&&".utf8),
                pairs: [["message", "支付"], ["flag", ""]]),
        FormRow(name: "a percent without two hex digits stays as written", bytes: Array("a=100%&b=%zz&c=%4".utf8),
                pairs: [["a", "100%"], ["b", "%zz"], ["c", "%4"]]),
        FormRow(name: "a raw invalid byte names its field", bytes: Array("name=ok&email=".utf8) + [0xFF] + Array("@example.com".utf8),
                errors: [FieldError("email", "is not valid UTF-8")]),
        FormRow(name: "an escaped invalid byte names its field", bytes: Array("email=%FF%40example.com&message=%C0%AF".utf8),
                errors: [FieldError("email", "is not valid UTF-8"), FieldError("message", "is not valid UTF-8")]),
        FormRow(name: "a truncated sequence", bytes: Array("message=%E6%94".utf8), errors: [FieldError("message", "is not valid UTF-8")]),
        FormRow(name: "a name that is not UTF-8", bytes: Array("%FF=1".utf8), errors: [FieldError("body", "has a field name that is not valid UTF-8")]),
    ]

    @Test(arguments: forms)
    func readsForms(_ row: FormRow) {
        do {
            let pairs = try FormEncoding.pairs(row.bytes)
            #expect(row.errors.isEmpty, "accepted \(pairs)")
            #expect(pairs.map { [$0.0, $0.1] } == row.pairs)
        } catch {
            #expect(error.errors == row.errors)
        }
    }
}
