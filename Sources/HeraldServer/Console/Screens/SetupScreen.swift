import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

/// `/console/setup/{token}`: the one-time link `herald serve` prints while no operator exists. It
/// makes the first admin and signs them in; afterwards (or once a newer link was printed) it is dead.
enum SetupScreen {
    static func add(to console: Console) {
        let settings = console.settings
        let store = console.store

        console.open(.get, "setup/:token") { request, context in
            let language = settings.language(request, chosen: nil)
            let token = context.parameters.get("token") ?? ""
            guard try await store.setupLinkIsOpen(secret: token) else { return dead(language) }
            return form(language, token: token, settings: settings, typed: [:], errors: [])
        }

        console.open(.post, "setup/:token") { request, context in
            let language = settings.language(request, chosen: nil)
            let token = context.parameters.get("token") ?? ""
            guard let fields = try await ConsoleFormData.read(request, limit: 8192),
                ConsoleCSRF.matches(fields.raw("csrf"), ConsoleCookies.value(ConsoleCookies.login, in: request) ?? "")
            else { return ConsoleResponse.html(ConsoleShell.bare(title: language.text(.setupTitle), language: language, body: "<p>\(language.text(.consoleFormExpired))</p>"), status: .forbidden) }
            guard try await store.setupLinkIsOpen(secret: token) else { return dead(language) }
            let email = fields["email"] ?? ""
            let name = fields["name"] ?? ""
            let password = fields.raw("password") ?? ""
            var errors = OperatorAccounts.problems(email: email, name: name, password: password, language: language)
            if password != fields.raw("password_again") { errors.append(FieldError("password_again", language.text(.passwordsDiffer))) }
            guard errors.isEmpty else {
                return form(language, token: token, settings: settings, typed: ["email": email, "name": name], errors: errors)
            }
            let hash = try await OperatorPassword.hash(password)
            guard let admin = try await store.consumeSetupLink(secret: token, email: email, name: name, passwordHash: hash) else {
                return dead(language)
            }
            context.logger.notice("first admin created with the setup link", metadata: ["operator": "\(admin.email)"])
            let issued = try await store.createConsoleSession(operatorID: admin.id, clientAddress: context.clientAddress)
            return ConsoleResponse.redirect(to: "/console/", cookies: [ConsoleCookies.setSession(issued.secret, secure: settings.secureCookies)])
        }
    }

    static func dead(_ language: Language) -> Response {
        ConsoleResponse.html(
            ConsoleShell.bare(
                title: language.text(.setupTitle), language: language,
                body: "<p>\(language.text(.setupLinkDead))</p><p><a href=\"/console/login\">\(language.text(.loginTitle))</a></p>"),
            status: .notFound)
    }

    static func form(_ language: Language, token: String, settings: ConsoleSettings, typed: [String: String], errors: [FieldError]) -> Response {
        let problem = { (field: String) in errors.first { $0.field == field }?.reason(in: language) }
        let csrf = ConsoleCSRF.randomToken()
        let form = ConsoleForm(action: "/console/setup/\(token)", csrf: csrf)
            .field(.text("email", label: language.text(.fieldEmail), value: typed["email"], type: "email", error: problem("email"), required: true, autocomplete: "username"))
            .field(.text("name", label: language.text(.fieldName), value: typed["name"], error: problem("name"), required: true, autocomplete: "name"))
            .field(.text(
                "password", label: language.text(.fieldNewPassword), type: "password", error: problem("password"),
                help: language.text(.passwordHelp, ["minimum": String(PasswordRules.minimumLength)]), required: true, autocomplete: "new-password"))
            .field(.text("password_again", label: language.text(.fieldPasswordAgain), type: "password", error: problem("password_again"), required: true, autocomplete: "new-password"))
            .submit(language.text(.setupSubmit))
        let banner = errors.isEmpty ? "" : "<p class=\"banner error\" role=\"alert\">\(language.text(.formHasProblems))</p>"
        return ConsoleResponse.html(
            ConsoleShell.bare(title: language.text(.setupTitle), language: language, body: banner + "<p>\(language.text(.setupIntro))</p>" + form.html),
            status: errors.isEmpty ? .ok : .unprocessableContent, cookies: [ConsoleCookies.setLogin(csrf, secure: settings.secureCookies)])
    }
}
