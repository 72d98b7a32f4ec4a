import Foundation

/// The names templates may use. Herald fills every one of them for every message (empty when a notice
/// has no such text), so a template that passes `check` never renders a `{{variable}}` as a gap.
enum TemplateVariables {
    static let topLevel: Set<String> = [
        "headline", "greeting", "intro", "title", "reason", "impact", "precautions", "follow_up", "closing",
        "signature", "planned_start", "planned_end", "duration", "actual_start", "actual_end", "reminder_lead",
        "components", "component_names", "severity", "contact", "cancellation_reason", "extension_reason", "late", "late_note",
        "test", "test_note", "is_announcement", "is_reminder", "is_start", "is_extension", "is_reschedule", "is_completion",
        "is_cancellation", "notice_id", "step", "language", "planned_start_iso", "planned_end_iso", "planned_end_json",
        "planned_start_short", "planned_end_short",
        "components_json", "notice_url",
    ]
    /// Names valid inside `{{#components}}…{{/components}}` and `{{#contact}}…{{/contact}}`.
    static let nested: Set<String> = ["id", "name", "phone", "email", "url", "."]
    static let dotted: Set<String> = ["contact.name", "contact.phone", "contact.email", "contact.url"]

    /// The names a template uses that Herald does not provide.
    static func unknown(in template: String) -> [String] {
        var unknown: [String] = []
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else { break }
            var tag = rest[open.upperBound..<close.lowerBound]
            rest = rest[close.upperBound...]
            if tag.hasPrefix("{") { tag = tag.dropFirst() }  // {{{name}}}
            guard let sigil = tag.first else { continue }
            if "!%>=".contains(sigil) { continue }  // comments, pragmas, partials, delimiters
            if "#^/&".contains(sigil) { tag = tag.dropFirst() }
            let name = tag.trimmingCharacters(in: .whitespaces)
            if !topLevel.contains(name) && !nested.contains(name) && !dotted.contains(name) { unknown.append(name) }
        }
        return unknown
    }
}
