import HeraldCore

/// A console form: POST to `action` with the session's `csrf` field already in it. Fields are
/// added with a label each; values are escaped here, labels and help are text (escaped too)
/// unless `rawLabel` says the caller built HTML.
///
///     ConsoleForm(action: "/console/users", csrf: viewer.csrfToken)
///         .field(.text("email", label: viewer.text(.fieldEmail), value: typed, error: problems["email"]))
///         .submit(viewer.text(.usersInvite))
///         .html
public struct ConsoleForm: Sendable {
    public enum Style: String, Sendable {
        case stacked
        case inline
    }

    public enum ButtonStyle: String, Sendable {
        case primary
        case secondary
        case danger
        case link
    }

    public let action: String
    public let style: Style
    private var parts: [String]

    public init(action: String, csrf: String, style: Style = .stacked) {
        self.action = action
        self.style = style
        self.parts = ["<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrf))\">"]
    }

    public func hidden(_ name: String, _ value: String) -> ConsoleForm {
        adding("<input type=\"hidden\" name=\"\(HTML.escape(name))\" value=\"\(HTML.escape(value))\">")
    }

    public func field(_ field: ConsoleField) -> ConsoleForm { adding(field.html) }

    /// HTML the caller built (a fieldset, a note); it must already be escaped.
    public func raw(_ html: String) -> ConsoleForm { adding(html) }

    public func submit(_ label: String, style: ButtonStyle = .primary, rawLabel: Bool = false, name: String? = nil, value: String? = nil) -> ConsoleForm {
        let named = name.map { " name=\"\(HTML.escape($0))\" value=\"\(HTML.escape(value ?? ""))\"" } ?? ""
        return adding("<button type=\"submit\" class=\"button \(style.rawValue)\"\(named)>\(rawLabel ? label : HTML.escape(label))</button>")
    }

    public var html: String {
        "<form method=\"post\" action=\"\(HTML.escape(action))\" class=\"form \(style.rawValue)\">\(parts.joined())</form>"
    }

    private func adding(_ part: String) -> ConsoleForm {
        var copy = self
        copy.parts.append(part)
        return copy
    }
}

/// One labelled control of a `ConsoleForm`, with its problem (if any) beside it and marked `aria-invalid`.
public struct ConsoleField: Sendable {
    public let html: String

    public init(html: String) { self.html = html }

    /// An `<input>`: `type` is text, email, password, number, datetime-local…
    public static func text(
        _ name: String, label: String, value: String? = nil, type: String = "text", error: String? = nil, help: String? = nil,
        required: Bool = false, autocomplete: String? = nil, extra: String = ""
    ) -> ConsoleField {
        let id = "f-\(name)"
        let attributes = [
            value.map { "value=\"\(HTML.escape($0))\"" }, required ? "required" : nil,
            autocomplete.map { "autocomplete=\"\(HTML.escape($0))\"" }, error == nil ? nil : "aria-invalid=\"true\"",
            describedBy(id, error: error, help: help), extra.isEmpty ? nil : extra,
        ].compactMap { $0 }.joined(separator: " ")
        return ConsoleField(html: """
            <div class="field"><label for="\(id)">\(HTML.escape(label))</label>\
            <input id="\(id)" name="\(HTML.escape(name))" type="\(HTML.escape(type))" \(attributes)>\
            \(notes(id, error: error, help: help))</div>
            """)
    }

    /// A `<select>` of `(value, label)` options with `selected` chosen.
    public static func select(
        _ name: String, label: String, options: [(value: String, label: String)], selected: String?, error: String? = nil, help: String? = nil
    ) -> ConsoleField {
        let id = "f-\(name)"
        let choices = options.map { option in
            "<option value=\"\(HTML.escape(option.value))\"\(option.value == selected ? " selected" : "")>\(HTML.escape(option.label))</option>"
        }.joined()
        let attributes = [error == nil ? nil : "aria-invalid=\"true\"", describedBy(id, error: error, help: help)].compactMap { $0 }.joined(separator: " ")
        return ConsoleField(html: """
            <div class="field"><label for="\(id)">\(HTML.escape(label))</label>\
            <select id="\(id)" name="\(HTML.escape(name))" \(attributes)>\(choices)</select>\(notes(id, error: error, help: help))</div>
            """)
    }

    static func describedBy(_ id: String, error: String?, help: String?) -> String? {
        let ids = [error == nil ? nil : "\(id)-error", help == nil ? nil : "\(id)-help"].compactMap { $0 }
        return ids.isEmpty ? nil : "aria-describedby=\"\(ids.joined(separator: " "))\""
    }

    static func notes(_ id: String, error: String?, help: String?) -> String {
        (help.map { "<p class=\"help\" id=\"\(id)-help\">\(HTML.escape($0))</p>" } ?? "")
            + (error.map { "<p class=\"problem\" id=\"\(id)-error\">\(HTML.escape($0))</p>" } ?? "")
    }
}
