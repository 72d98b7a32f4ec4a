import HeraldCore

/// A public form's problems in the reader's words: the API names fields and reasons in English for
/// programs; a person filling in a form reads what to do, in the page's language.
enum FormProblems {
    static func phrase(for error: FieldError) -> Phrase {
        switch error.field.split(separator: "[").first.map(String.init) ?? error.field {
        case "email": .formEmailProblem
        case "webhook_url" where error.reason.hasPrefix(SubscribeForm.notPublic): .formWebhookNotPublic
        case "webhook_url" where error.reason.hasPrefix(SubscribeForm.notOnPort): .formWebhookPort
        case "webhook_url" where error.reason.hasPrefix(SubscribeForm.notFound): .formWebhookUnresolved
        case "webhook_url": .formWebhookProblem
        case "components": .formComponentsProblem
        case "language": .formLanguageProblem
        case "name": .formNameProblem
        case "contact": .formContactProblem
        case "message": .formMessageProblem
        case "notice", "incident": .formSubjectProblem
        default: .formBodyProblem
        }
    }

    /// The list shown above the form, one line per field, each once.
    static func list(_ errors: [FieldError], in language: Language) -> String {
        guard !errors.isEmpty else { return "" }
        var seen: Set<Phrase> = []
        let lines = errors.map { phrase(for: $0) }.filter { seen.insert($0).inserted }.map { "<li>\(HTML.escape(language.text($0)))</li>" }
        return "<ul role=\"alert\" class=\"problems\">" + lines.joined() + "</ul>"
    }

    /// ` aria-invalid="true"` on an input whose field has a problem.
    static func invalid(_ field: String, _ errors: [FieldError]) -> String {
        errors.contains { $0.field == field || $0.field.hasPrefix(field + "[") } ? " aria-invalid=\"true\"" : ""
    }
}
