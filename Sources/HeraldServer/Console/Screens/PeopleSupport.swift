import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

/// What the catalogue, people, feedback, deliveries and settings screens share: a multi-line field,
/// the problems of a refused input by field, and the page for a record that is not there.
enum ScreenKit {
    /// A `<textarea>` with its label, its problem beside it.
    static func area(_ name: String, label: String, value: String?, error: String? = nil, help: String? = nil, rows: Int = 4, required: Bool = false) -> ConsoleField {
        let id = "f-\(name)"
        let attributes = [
            required ? "required" : nil, error == nil ? nil : "aria-invalid=\"true\"", ConsoleField.describedBy(id, error: error, help: help),
        ].compactMap { $0 }.joined(separator: " ")
        return ConsoleField(html: """
            <div class="field"><label for="\(id)">\(HTML.escape(label))</label>\
            <textarea id="\(id)" name="\(HTML.escape(name))" rows="\(rows)" \(attributes)>\(HTML.escape(value ?? ""))</textarea>\
            \(ConsoleField.notes(id, error: error, help: help))</div>
            """)
    }

    /// The field problems of an input the readers or the store refused, in `language`; nil for any other error.
    static func problems(_ error: any Error, _ language: Language) -> [String: String]? {
        let errors: [FieldError]
        switch error {
        case let failure as ValidationFailure: errors = failure.errors
        case StoreError.conflict(let field): errors = [field]
        case StoreError.invalid(let fields): errors = fields
        default: return nil
        }
        return Dictionary(errors.map { ($0.field, $0.reason(in: language)) }, uniquingKeysWith: { first, second in "\(first); \(second)" })
    }

    /// Problems that belong to no field shown: listed under the banner.
    static func otherProblems(_ problems: [String: String], shown: Set<String>) -> String {
        let rest = problems.filter { !shown.contains($0.key) }.sorted { $0.key < $1.key }
        guard !rest.isEmpty else { return "" }
        return "<ul class=\"problems\">" + rest.map { "<li><code>\(HTML.escape($0.key))</code> \(HTML.escape($0.value))</li>" }.joined() + "</ul>"
    }

    static func notFound(_ viewer: ConsoleViewer, _ section: ConsoleSection, _ title: Phrase) -> Response {
        ConsolePage(title: viewer.text(title), section: section, body: "<p>\(viewer.text(.screenNotFound))</p>", status: .notFound).response(viewer)
    }

    /// A page whose query string is wrong (a cursor of another list): said, not a 500.
    static func badQuery(_ viewer: ConsoleViewer, _ section: ConsoleSection, _ title: Phrase, path: String) -> Response {
        ConsolePage(
            title: viewer.text(title), section: section, body: "<p><a href=\"\(HTML.escape(path))\">\(viewer.text(.pagerFirst))</a></p>",
            banner: .error(viewer.text(.screenBadQuery)), status: .badRequest
        ).response(viewer)
    }

    /// `?key=value&…` for a list's filters, empty values left out.
    static func query(_ path: String, _ pairs: [(String, String?)]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let kept = pairs.compactMap { key, value in
            value.flatMap { $0.isEmpty ? nil : "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        }
        return kept.isEmpty ? path : path + "?" + kept.joined(separator: "&")
    }

    static func card(_ title: String, _ html: String, wide: Bool = false) -> String {
        "<section class=\"card\(wide ? " wide" : "")\"><h2>\(HTML.escape(title))</h2>\(html)</section>"
    }

    /// A page request from the query string, or nil when its cursor or limit is not one.
    static func pageRequest(_ request: Request) -> PageRequest? {
        try? request.pageRequest()
    }
}
