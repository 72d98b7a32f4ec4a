
/// Reads the fields of one JSON or YAML object, collecting every problem (missing, wrong type,
/// unknown field) instead of stopping at the first, so the caller learns all of them at once.
public struct ObjectReader {
    private let object: [String: JSONValue]
    private let prefix: String
    private var known: Set<String> = []
    public private(set) var errors: [FieldError] = []
    /// Set when the value is not an object at all; then that is the only error worth reporting.
    private var notAnObject: FieldError?

    /// `prefix` is the path of this object in the whole input, e.g. `catalogue.components[2].`.
    public init(_ value: JSONValue, prefix: String = "") {
        if case .object(let object) = value {
            self.object = object
        } else {
            self.object = [:]
            let field = prefix.isEmpty ? "body" : String(prefix.dropLast())
            notAnObject = FieldError(field, .problemMustBeObject) { ["got": $0.text(value.typePhrase)] }
        }
        self.prefix = prefix
    }

    public func path(_ key: String) -> String { prefix + key }

    /// Whether the input names `key` at all (even as null).
    public mutating func contains(_ key: String) -> Bool {
        known.insert(key)
        return object[key] != nil
    }

    public mutating func raw(_ key: String) -> JSONValue? {
        known.insert(key)
        return object[key]
    }

    public mutating func string(_ key: String) -> String? {
        switch raw(key) {
        case nil, .null?: return nil
        case .string(let value)?: return value
        case let other?:
            errors.append(FieldError(path(key), .problemMustBeString) { ["got": $0.text(other.typePhrase)] })
            return nil
        }
    }

    public mutating func requiredString(_ key: String) -> String? {
        if raw(key) == nil || raw(key) == .null {
            errors.append(FieldError(path(key), .problemRequired))
            return nil
        }
        return string(key)
    }

    public mutating func integer(_ key: String) -> Int? {
        switch raw(key) {
        case nil, .null?: return nil
        case .integer(let value)?: return Int(value)
        case let other?:
            errors.append(FieldError(path(key), .problemMustBeWholeNumber) { ["got": $0.text(other.typePhrase)] })
            return nil
        }
    }

    /// true or false.
    public mutating func bool(_ key: String) -> Bool? {
        switch raw(key) {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case let other?:
            errors.append(FieldError(path(key), .problemMustBeBoolean) { ["got": $0.text(other.typePhrase)] })
            return nil
        }
    }

    /// A number, whole or not.
    public mutating func number(_ key: String) -> Double? {
        switch raw(key) {
        case nil, .null?: return nil
        case .integer(let value)?: return Double(value)
        case .number(let value)?: return value
        case let other?:
            errors.append(FieldError(path(key), .problemMustBeNumber) { ["got": $0.text(other.typePhrase)] })
            return nil
        }
    }

    /// For PATCH: absent keeps the field, null clears it, a string sets it.
    public mutating func patchString(_ key: String) -> Patch<String> {
        switch raw(key) {
        case nil: return .keep
        case .null?: return .clear
        case .string(let value)?: return .set(value)
        case let other?:
            errors.append(FieldError(path(key), .problemMustBeStringOrNull) { ["got": $0.text(other.typePhrase)] })
            return .keep
        }
    }

    /// For PATCH of a field that cannot be cleared: null is refused rather than silently ignored.
    public mutating func nonNullString(_ key: String) -> String? {
        if raw(key) == .null { errors.append(FieldError(path(key), .problemMustNotBeNull)) }
        return string(key)
    }

    public mutating func nonNullInteger(_ key: String) -> Int? {
        if raw(key) == .null { errors.append(FieldError(path(key), .problemMustNotBeNull)) }
        return integer(key)
    }

    public mutating func enumeration<Value: RawRepresentable & CaseIterable>(_ key: String, as type: Value.Type)
        -> Value? where Value.RawValue == String
    {
        oneOf(key, Value.allCases.map(\.rawValue)).flatMap(Value.init(rawValue:))
    }

    /// A string that must be one of `allowed`, which the error lists.
    public mutating func oneOf(_ key: String, _ allowed: [String]) -> String? {
        guard let text = string(key) else { return nil }
        guard allowed.contains(text) else {
            errors.append(FieldError(path(key), .problemMustBeOneOf, values: ["allowed": allowed.joined(separator: ", "), "got": text]))
            return nil
        }
        return text
    }

    public mutating func array(_ key: String) -> [JSONValue] {
        switch raw(key) {
        case nil, .null?: return []
        case .array(let values)?: return values
        case let other?:
            errors.append(FieldError(path(key), .problemMustBeList) { ["got": $0.text(other.typePhrase)] })
            return []
        }
    }

    public mutating func object(_ key: String) -> JSONValue? {
        switch raw(key) {
        case nil, .null?: return nil
        case .object?: return raw(key)
        case let other?:
            errors.append(FieldError(path(key), .problemMustBeObject) { ["got": $0.text(other.typePhrase)] })
            return nil
        }
    }

    public mutating func add(_ more: [FieldError]) { errors += more }

    /// Whether a problem was reported at `key` or inside it (`key.x`, `key[0]`): a content check of
    /// the field (a list that must not be empty) then has nothing to add, while other fields' problems
    /// do not hold it back, so type and content errors come in one answer.
    public func reported(_ key: String) -> Bool {
        let field = path(key)
        return errors.contains { $0.field == field || $0.field.hasPrefix(field + ".") || $0.field.hasPrefix(field + "[") }
    }

    /// Content checks' errors, less those about a field already reported (a missing name is not also empty).
    public mutating func addUnreported(_ more: [FieldError]) {
        let named = Set(errors.map(\.field))
        errors += more.filter { !named.contains($0.field) }
    }

    /// Reports unknown fields (likely typos, which would otherwise be silently dropped) and
    /// throws if anything was wrong.
    public mutating func finish() throws(ValidationFailure) {
        if let notAnObject { throw ValidationFailure([notAnObject]) }
        for key in object.keys.sorted() where !known.contains(key) {
            errors.append(FieldError(path(key), .problemUnknownField))
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}

extension ObjectReader {
    /// The errors so far plus unknown fields, for a nested section whose errors join its parent's.
    public mutating func errorsIncludingUnknown() -> [FieldError] {
        do {
            try finish()
            return []
        } catch {
            return error.errors
        }
    }
}
