import HeraldCore
import Yams

extension JSONValue {
    /// Reads a YAML document into the same value type as JSON, so config files are checked by the same
    /// readers as API bodies. Timestamps stay text: Herald reads times itself, with their time zone.
    public init(yaml: String) throws {
        guard let node = try Yams.compose(yaml: yaml) else {
            self = .object([:])
            return
        }
        self = try JSONValue(node: node)
    }

    init(node: Node) throws {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: self = .null
            case .bool: self = node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int: self = node.int.map { .integer(Int64($0)) } ?? .string(scalar.string)
            case .float: self = node.float.map(JSONValue.number) ?? .string(scalar.string)
            default: self = .string(scalar.string)
            }
        case .sequence(let sequence):
            self = .array(try sequence.map(JSONValue.init(node:)))
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard let name = key.string else {
                    throw FieldErrorAtLine(line: key.mark?.line, reason: "mapping keys must be text")
                }
                object[name] = try JSONValue(node: value)
            }
            self = .object(object)
        case .alias:
            throw FieldErrorAtLine(line: node.mark?.line, reason: "YAML aliases are not supported")
        }
    }
}

/// A YAML structure problem that has no field name yet.
struct FieldErrorAtLine: Error, CustomStringConvertible {
    var line: Int?
    var reason: String
    var description: String { line.map { "line \($0): \(reason)" } ?? reason }
}
