import Foundation

/// A catalogue entry's name and description in one more language, so the English page, mail and SMS
/// say "Payments" where the catalogue's own name is "支付服务".
public struct CatalogueWords: Codable, Sendable, Equatable {
    public var name: String
    public var description: String?

    public init(name: String, description: String? = nil) {
        self.name = name
        self.description = description
    }
}

/// The words of a catalogue entry per language; a language without its own words reads the entry's name.
public typealias CatalogueTranslations = [Language: CatalogueWords]

extension CatalogueTranslations {
    /// Checked like the entry's own name and description, each field named by its path (`translations.en.name`).
    public func validate(prefix: String = "") -> [FieldError] {
        sorted { $0.key.rawValue < $1.key.rawValue }.flatMap { language, words -> [FieldError] in
            let path = "\(prefix)translations.\(language.rawValue)."
            var errors = Validate.text(words.name, field: path + "name", maximum: 255)
            if let description = words.description {
                errors += Validate.text(description, field: path + "description", maximum: 2000, multiline: true)
            }
            return errors
        }
    }

    /// The wire form: `{"en": {"name": …, "description": …}}`, languages in a stable order.
    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        for (language, words) in self {
            members[language.rawValue] = .object(["name": .string(words.name), "description": words.description.map(JSONValue.string) ?? .null])
        }
        return .object(members)
    }
}

extension ObjectReader {
    /// Reads `translations`: an object whose keys are languages Herald writes in (`zh-CN`, `en`), each
    /// with a `name` and an optional `description`; every problem is reported with its path.
    public mutating func translations(_ key: String = "translations") -> CatalogueTranslations? {
        guard contains(key) else { return nil }
        guard case .object(let members)? = raw(key) else {
            add([FieldError(path(key), "must be an object whose keys are languages (\(Language.allCases.map(\.rawValue).joined(separator: ", ")))")])
            return nil
        }
        var result: CatalogueTranslations = [:]
        for (tag, value) in members.sorted(by: { $0.key < $1.key }) {
            guard let language = Language(rawValue: tag) else {
                add([FieldError(path("\(key).\(tag)"), "is not a language Herald writes in; use one of: \(Language.allCases.map(\.rawValue).joined(separator: ", "))")])
                continue
            }
            var words = ObjectReader(value, prefix: path("\(key).\(tag)."))
            let name = words.requiredString("name")
            let description = words.string("description")
            add(words.errorsIncludingUnknown())
            if let name { result[language] = CatalogueWords(name: name, description: description) }
        }
        return result
    }
}

extension ObjectReader {
    /// Reads an object of texts by language (`{"en": "…"}`), each checked like the text it translates.
    public mutating func languageTexts(_ key: String, maximum: Int, multiline: Bool = true) -> [Language: String] {
        guard contains(key), let value = raw(key), value != .null else { return [:] }
        guard case .object(let members) = value else {
            add([FieldError(path(key), "must be an object whose keys are languages (\(Language.allCases.map(\.rawValue).joined(separator: ", ")))")])
            return [:]
        }
        var result: [Language: String] = [:]
        for (tag, text) in members.sorted(by: { $0.key < $1.key }) {
            let field = path("\(key).\(tag)")
            guard let language = Language(rawValue: tag) else {
                add([FieldError(field, "is not a language Herald writes in; use one of: \(Language.allCases.map(\.rawValue).joined(separator: ", "))")])
                continue
            }
            guard case .string(let string) = text else {
                add([FieldError(field, "must be a string, got \(text.typeName)")])
                continue
            }
            add(Validate.text(string, field: field, maximum: maximum, multiline: multiline))
            result[language] = string
        }
        return result
    }
}

extension Component {
    /// The name readers of `language` see.
    public func name(in language: Language) -> String { translations[language]?.name ?? name }
    /// The description readers of `language` see: their own words, else the entry's.
    public func description(in language: Language) -> String? {
        translations[language].map { $0.description ?? description } ?? description
    }
}

extension ComponentGroup {
    public func name(in language: Language) -> String { translations[language]?.name ?? name }
    public func description(in language: Language) -> String? {
        translations[language].map { $0.description ?? description } ?? description
    }
}

/// Component names by id, in every language the catalogue has words for; what messages name components with.
public struct ComponentNames: Sendable, Equatable {
    var components: [String: Component]

    public init(_ components: [Component]) {
        self.components = Dictionary(components.map { ($0.id, $0) }) { first, _ in first }
    }

    /// The component's name in `language`, or its id when the catalogue does not know it.
    public func name(_ id: String, in language: Language) -> String { components[id]?.name(in: language) ?? id }

    public var ids: Set<String> { Set(components.keys) }
}

extension ComponentNames: ExpressibleByDictionaryLiteral {
    /// Names in the catalogue's own language only, by id (previews and tests of a catalogue without translations).
    public init(dictionaryLiteral elements: (String, String)...) {
        self.components = Dictionary(elements.map { id, name in
            (id, Component(id: id, name: name, createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0)))
        }) { first, _ in first }
    }
}
