/// One reason a piece of input was refused, naming the field in the caller's own spelling.
public struct FieldError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// The field's path as the caller wrote it, e.g. `name` or `components[2].group`.
    public var field: String
    public var reason: String

    public init(_ field: String, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

/// Several reasons input was refused; all of them are reported at once.
public struct ValidationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "; ") }

    /// Throws when any error was collected.
    public static func check(_ errors: [FieldError]) throws {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}
