import HeraldCore

/// A table of rows whose cells the caller built as HTML (escape what anyone typed). On a phone the
/// table scrolls inside its own box rather than widening the page.
public struct ConsoleTable: Sendable {
    public var caption: String
    public var headers: [String]
    public var rows: [[String]]
    /// Shown instead of the table when there are no rows.
    public var empty: String

    public init(caption: String, headers: [String], rows: [[String]], empty: String) {
        self.caption = caption
        self.headers = headers
        self.rows = rows
        self.empty = empty
    }

    public var html: String {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(HTML.escape(empty))</p>" }
        let head = headers.map { "<th scope=\"col\">\(HTML.escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined()
        return """
            <div class="table-wrap"><table><caption>\(HTML.escape(caption))</caption>\
            <thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table></div>
            """
    }
}

/// The links between pages of a list read with `PageRequest`/`Page` (keyset cursors): the first
/// page, and the next one when there is one. `path` is the list's path with its filters, no cursor.
public struct ConsolePager: Sendable {
    public var path: String
    public var next: PageCursor?
    /// Whether this page was reached with a cursor (so "first page" is worth offering).
    public var isFirst: Bool

    public init(path: String, next: PageCursor?, isFirst: Bool) {
        self.path = path
        self.next = next
        self.isFirst = isFirst
    }

    public func html(_ viewer: ConsoleViewer) -> String {
        let joiner = path.contains("?") ? "&" : "?"
        var links: [String] = []
        if !isFirst { links.append("<a href=\"\(HTML.escape(path))\">\(viewer.text(.pagerFirst))</a>") }
        if let next { links.append("<a rel=\"next\" href=\"\(HTML.escape(path + joiner + "cursor=" + next.encoded))\">\(viewer.text(.pagerNext))</a>") }
        return links.isEmpty ? "" : "<nav class=\"pager\" aria-label=\"\(viewer.text(.pagerLabel))\">\(links.joined(separator: " "))</nav>"
    }
}
