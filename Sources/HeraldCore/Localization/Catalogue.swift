/// Every phrase Herald writes, per language; the one place a text a person reads comes from.
public enum Catalogue {
    /// Each language's table: the general words and the console's, kept in files of their own.
    public static let tables: [Language: [Phrase: String]] = [
        .zhCN: zhCN.merging(consoleZhCN) { first, _ in first }.merging(consoleIncidentsZhCN) { first, _ in first }
            .merging(consoleNoticesZhCN) { first, _ in first }.merging(consolePeopleZhCN) { first, _ in first }
            .merging(heartbeatsZhCN) { first, _ in first }.merging(consoleAuditZhCN) { first, _ in first }
            .merging(problemsZhCN) { first, _ in first }.merging(complianceZhCN) { first, _ in first }
            .merging(afterIncidentZhCN) { first, _ in first }.merging(complianceReportZhCN) { first, _ in first }
            .merging(stormsZhCN) { first, _ in first }.merging(publicPostmortemsZhCN) { first, _ in first }
            .merging(actionItemsZhCN) { first, _ in first }.merging(drillsZhCN) { first, _ in first },
        .en: en.merging(consoleEN) { first, _ in first }.merging(consoleIncidentsEN) { first, _ in first }
            .merging(consoleNoticesEN) { first, _ in first }.merging(consolePeopleEN) { first, _ in first }
            .merging(heartbeatsEN) { first, _ in first }.merging(consoleAuditEN) { first, _ in first }
            .merging(problemsEN) { first, _ in first }.merging(complianceEN) { first, _ in first }
            .merging(afterIncidentEN) { first, _ in first }.merging(complianceReportEN) { first, _ in first }
            .merging(stormsEN) { first, _ in first }.merging(publicPostmortemsEN) { first, _ in first }
            .merging(actionItemsEN) { first, _ in first }.merging(drillsEN) { first, _ in first },
    ]

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
        let template = Catalogue.tables[self]?[phrase] ?? Catalogue.tables[.en]?[phrase] ?? "\(phrase)"
        return values.isEmpty ? template : Self.fill(template, values)
    }

    /// `template` with each `{name}` that `values` has replaced, in one pass: a value is never
    /// searched again, so a reader's text holding "{name}" stays as they wrote it. (Rendering a list
    /// fills thousands of these; Foundation's `replacingOccurrences`, once per value, took a fifth
    /// of the console overview's time.)
    static func fill(_ template: String, _ values: [String: String]) -> String {
        let bytes = template.utf8
        guard bytes.contains(UInt8(ascii: "{")) else { return template }
        var out = ""
        out.reserveCapacity(bytes.count + 32)
        var rest = template[...]
        while let open = rest.utf8.firstIndex(of: UInt8(ascii: "{")), let close = rest.utf8[open...].firstIndex(of: UInt8(ascii: "}")) {
            out += rest[..<open]
            if let value = values[String(rest[rest.utf8.index(after: open)..<close])] { out += value } else { out += rest[open...close] }
            rest = rest[rest.utf8.index(after: close)...]
        }
        out += rest
        return out
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
