import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

/// `/console/login` and `/console/logout`. Signing in checks the throttle first (`LoginThrottle`:
/// a throttled attempt is refused with 429 before its password is looked at), then the password
/// (bcrypt, off the event loop), then the TOTP or recovery code when the account has a second
/// factor. The form has no session to carry a CSRF token, so it uses a double-submit cookie.
enum LoginScreen {
    struct Typed {
        var email = ""
        var next = "/console/"
        var error: String?
        var askCode = false
    }

    static func add(to console: Console) {
        let sessions = console.sessions
        let settings = console.settings
        let store = console.store
        let clock = console.runtime.now

        console.open(.get, "login") { request, _ in
            if try await sessions.viewer(request) != nil {
                return ConsoleResponse.redirect(to: ConsoleSessions.safeNext(request.uri.queryParameters.get("next")))
            }
            let language = settings.language(request, chosen: nil)
            let typed = Typed(next: ConsoleSessions.safeNext(request.uri.queryParameters.get("next")))
            return form(language, typed, settings: settings)
        }

        console.open(.post, "login") { request, context in
            let language = settings.language(request, chosen: nil)
            guard let fields = try await ConsoleFormData.read(request, limit: 8192),
                ConsoleCSRF.matches(fields.raw("csrf"), ConsoleCookies.value(ConsoleCookies.login, in: request) ?? "")
            else {
                return page(language, status: .forbidden, body: "<p>\(language.text(.consoleFormExpired))</p><p><a href=\"/console/login\">\(language.text(.loginTitle))</a></p>")
            }
            var typed = Typed(email: fields["email"] ?? "", next: ConsoleSessions.safeNext(fields["next"]))
            let password = fields.raw("password") ?? ""
            let code = fields["code"] ?? ""
            let address = context.clientAddress
            let now = clock()

            let failures = try await store.loginFailures(email: typed.email, clientAddress: address, since: now.addingTimeInterval(-LoginThrottle.window))
            if case .throttled(let until, _) = LoginThrottle.decide(accountFailures: failures.account, addressFailures: failures.address, now: now) {
                typed.error = language.text(.loginThrottled, ["time": ConsoleTime.readable(until, settings.zone)])
                var response = form(language, typed, settings: settings, status: .tooManyRequests)
                response.headers[.retryAfter] = String(max(1, Int(until.timeIntervalSince(now).rounded(.up))))
                return response
            }

            guard let credentials = try await store.operatorCredentials(email: typed.email), !credentials.account.isDisabled else {
                try await OperatorPassword.verifyNothing(password)
                try await store.recordLoginFailure(email: typed.email, clientAddress: address)
                typed.error = language.text(.loginWrong)
                return form(language, typed, settings: settings, status: .unauthorized)
            }
            guard try await OperatorPassword.verify(password, hash: credentials.passwordHash) else {
                try await store.recordLoginFailure(email: typed.email, clientAddress: address)
                typed.error = language.text(.loginWrong)
                return form(language, typed, settings: settings, status: .unauthorized)
            }
            if let secret = credentials.totpSecret {
                typed.askCode = true
                if code.isEmpty {
                    typed.error = language.text(.loginCodeNeeded)
                    return form(language, typed, settings: settings, status: .unauthorized)
                }
                let accepted = SecondFactor.looksLikeRecoveryCode(code)
                    ? try await store.useRecoveryCode(operatorID: credentials.account.id, codeHash: SecondFactor.recoveryHash(code))
                    : SecondFactor.check(code, secret: secret, now: now)
                guard accepted else {
                    try await store.recordLoginFailure(email: typed.email, clientAddress: address)
                    typed.error = language.text(.loginCodeWrong)
                    return form(language, typed, settings: settings, status: .unauthorized)
                }
            }
            try await store.clearLoginFailures(email: typed.email)
            let issued = try await store.createConsoleSession(operatorID: credentials.account.id, clientAddress: address)
            context.logger.info("operator signed in", metadata: ["operator": "\(credentials.account.email)"])
            return ConsoleResponse.redirect(to: typed.next, cookies: [ConsoleCookies.setSession(issued.secret, secure: settings.secureCookies)])
        }

        console.action("logout", role: .viewer) { _, _, viewer, _ in
            try await store.revokeConsoleSession(id: viewer.sessionID)
            return ConsoleResponse.redirect(to: "/console/login", cookies: [ConsoleCookies.clearSession(secure: settings.secureCookies)])
        }
    }

    static func form(_ language: Language, _ typed: Typed, settings: ConsoleSettings, status: HTTPResponse.Status = .ok) -> Response {
        let token = ConsoleCSRF.randomToken()
        var form = ConsoleForm(action: "/console/login", csrf: token)
            .hidden("next", typed.next)
            .field(.text("email", label: language.text(.fieldEmail), value: typed.email, type: "email", required: true, autocomplete: "username"))
            .field(.text("password", label: language.text(.fieldPassword), type: "password", required: true, autocomplete: "current-password"))
        form = form.field(.text(
            "code", label: language.text(.loginCode), type: "text", help: language.text(.loginCodeHelp),
            autocomplete: "one-time-code", extra: "inputmode=\"numeric\" maxlength=\"20\"" + (typed.askCode ? " autofocus" : "")))
        let error = typed.error.map { "<p class=\"banner error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        let body = error + form.submit(language.text(.loginSubmit)).html
        return ConsoleResponse.html(
            ConsoleShell.bare(title: language.text(.loginTitle), language: language, body: body), status: status,
            cookies: [ConsoleCookies.setLogin(token, secure: settings.secureCookies)])
    }

    static func page(_ language: Language, status: HTTPResponse.Status, body: String) -> Response {
        ConsoleResponse.html(ConsoleShell.bare(title: language.text(.loginTitle), language: language, body: body), status: status)
    }
}
