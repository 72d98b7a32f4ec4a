import Mustache

/// A text a template shows, which counts as absent when empty: `{{#precautions}}注意事项：…{{/precautions}}`
/// then leaves no label behind a field the operator left empty (Mustache treats any string, even an
/// empty one, as present).
struct TemplateText: MustacheCustomRenderable, CustomStringConvertible {
    let text: String

    init(_ text: String?) { self.text = text ?? "" }

    var renderText: String { text }
    var isNull: Bool { text.isEmpty }
    var description: String { text }
}
