/// One reason a piece of input was refused, naming the field in the caller's own spelling.
public struct FieldError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// The field's path as the caller wrote it, e.g. `name` or `components[2].group`.
    public var field: String
    /// The reason in English, as the API answers it.
    public var reason: String
    /// The reason in each language, when it was made from a `Phrase`; pages show `reason(in:)`.
    public var translations: [Language: String] = [:]

    public init(_ field: String, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    /// A reason from the catalogue, written in every language at once; `values` fills its placeholders per language.
    public init(_ field: String, _ phrase: Phrase, _ values: @escaping @Sendable (Language) -> [String: String] = { _ in [:] }) {
        self.field = field
        var translations: [Language: String] = [:]
        for language in Language.allCases { translations[language] = language.text(phrase, values(language)) }
        self.translations = translations
        self.reason = translations[.en] ?? "\(phrase)"
    }

    /// A reason from the catalogue whose placeholders read the same in every language.
    public init(_ field: String, _ phrase: Phrase, values: [String: String]) {
        self.init(field, phrase) { _ in values }
    }

    /// The reason in `language`; reasons not yet in the catalogue stay in English.
    public func reason(in language: Language) -> String { translations[language] ?? reason }

    public var description: String { "\(field): \(reason)" }

    // The API's body and the tests compare what was said, not how it was made.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.field == rhs.field && lhs.reason == rhs.reason }

    private enum CodingKeys: String, CodingKey { case field, reason }
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
