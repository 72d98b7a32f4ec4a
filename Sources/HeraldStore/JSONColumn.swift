import Foundation
import SQLKit

/// Values kept as JSON text in a column (labels, lists of ids, policies).
enum JSONColumn {
    static func text(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func value<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

extension SQLRow {
    /// The JSON text in `column`, decoded.
    func json<Value: Decodable>(_ column: String, as type: Value.Type) throws -> Value {
        try JSONColumn.value(type, from: try decode(column: column, as: String.self))
    }
}
