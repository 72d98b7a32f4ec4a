import Foundation
import HeraldCore

/// The subscriber pages, in the status page's look and the reader's language.
struct SubscribePages {
    let html: StatusPageHTML

    func text(_ phrase: Phrase, _ values: [String: String] = [:]) -> String { html.text(phrase, values) }
    func h(_ text: String) -> String { html.h(text) }

    func componentBoxes(_ chosen: [String]) -> String {
        html.snapshot.components.map { component in
            "<label><input type=\"checkbox\" name=\"components\" value=\"\(h(component.id))\"\(chosen.contains(component.id) ? " checked" : "")> \(h(component.name(in: html.language)))</label><br>"
        }.joined()
    }

    func languageChoice(_ chosen: Language) -> String {
        "<label>\(text(.language)) <select name=\"language\">"
            + [(Language.zhCN, "中文"), (Language.en, "English")].map { language, name in
                "<option value=\"\(language.rawValue)\"\(language == chosen ? " selected" : "")>\(name)</option>"
            }.joined() + "</select></label>"
    }

    /// The form, empty or as the reader sent it back with its problems, which it names in their words.
    func form(errors: [FieldError], typed: SubscribeForm? = nil) -> String {
        let problems = FormProblems.list(errors, in: html.language)
        let email = typed.map { " value=\"\(h($0.email))\"" } ?? ""
        let webhook = typed?.webhookURL.map { " value=\"\(h($0))\"" } ?? ""
        let body = """
            <h1>\(text(.subscribeToUpdates))</h1>\(problems)
            <form method="post" action="/subscribe?\(html.lang)">
            <p><label>\(text(.email)) <input type="email" name="email" required autocomplete="email"\(email)\(FormProblems.invalid("email", errors))></label></p>
            <p><label>\(text(.webhookUrlOptional))
            <input type="url" name="webhook_url" placeholder="https://"\(webhook)\(FormProblems.invalid("webhook_url", errors))></label></p>
            <fieldset><legend>\(text(.servicesNoneChosen))</legend>\(componentBoxes(typed?.components ?? []))</fieldset>
            <p>\(languageChoice(typed?.language ?? html.language))</p>
            <p><button type="submit">\(text(.subscribe))</button></p></form>
            <p class="meta">\(text(.confirmationFirst))</p>
            """
        return html.document(title: text(.subscribeTitle), body: body)
    }

    func checkYourEmail(_ email: String) -> String {
        html.document(title: text(.checkYourEmail), body: """
            <h1>\(text(.checkYourEmail))</h1>
            <p>\(text(.confirmationSent, ["email": h(email)]))</p>
            """)
    }

    func confirm(token: String) -> String {
        html.document(title: text(.confirmSubscription), body: """
            <h1>\(text(.confirmYourSubscription))</h1>
            <form method="post" action="/subscribe/confirm/\(h(token))?\(html.lang)"><button type="submit">\(text(.confirmButton))</button></form>
            """)
    }

    func confirmed(manageURL: String) -> String {
        html.document(title: text(.subscribed), body: """
            <h1>\(text(.youAreSubscribed))</h1>
            <p>\(text(.changeOrEndHere))<a href="\(h(manageURL))">\(h(manageURL))</a></p>
            """)
    }

    func manage(_ subscription: Subscription, saved: Bool = false) -> String {
        guard subscription.state != .unsubscribed else { return unsubscribed() }
        let target = subscription.webhookURL ?? subscription.email
        let body = """
            <h1>\(text(.manageYourSubscription))</h1>\(saved ? "<p role=\"status\">\(text(.saved))</p>" : "")
            <p>\(h(target))\(subscription.state == .pending ? " — " + text(.notConfirmedYet) : "")</p>
            <form method="post"><fieldset><legend>\(text(.servicesNoneChosen))</legend>
            \(componentBoxes(subscription.components))</fieldset><p>\(languageChoice(subscription.language))</p>
            <p><button type="submit" name="action" value="update">\(text(.save))</button></p></form>
            <form method="post"><button type="submit" name="action" value="unsubscribe">\(text(.unsubscribe))</button></form>
            """
        return html.document(title: text(.manageSubscription), body: body)
    }

    func unsubscribed() -> String {
        html.document(title: text(.unsubscribed), body: "<h1>\(text(.unsubscribed))</h1><p>\(text(.nothingMoreSent))</p>")
    }

    func unknownLink() -> String {
        html.document(title: text(.linkNotFound), body: "<h1>\(text(.linkNotFound))</h1><p>\(text(.linkInvalid))</p>")
    }
}
