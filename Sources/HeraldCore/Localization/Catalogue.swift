/// Every phrase Herald writes, per language; the one place a text a person reads comes from.
public enum Catalogue {
    /// Each language's table.
    public static let tables: [Language: [Phrase: String]] = [.zhCN: zhCN, .en: en]

    /// The `{name}` placeholders a text expects, in order of appearance.
    public static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

extension Language {
    /// The phrase in this language, its `{name}` placeholders filled from `values`.
    public func text(_ phrase: Phrase, _ values: [String: String] = [:]) -> String {
        // The test guarantees every table holds every phrase; the fallback only keeps a gap visible.
        var text = Catalogue.tables[self]?[phrase] ?? Catalogue.en[phrase] ?? "\(phrase)"
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    /// How this language joins a list of names ("、" in Chinese).
    public var listSeparator: String { self == .zhCN ? "、" : ", " }
}

extension Language {
    /// `count` with the phrase its number takes ("1 hour", "2 hours"); `{count}` is filled in.
    public func count(_ count: Int, one: Phrase, other: Phrase) -> String {
        text(count == 1 ? one : other, ["count": String(count)])
    }
}
