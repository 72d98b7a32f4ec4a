import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

/// `/console/account`: the signed-in operator's own settings: language and time zone, password,
/// the optional second factor (TOTP with recovery codes) and ending their other sessions.
enum AccountScreen {
    static let messages: [String: Phrase] = [
        "preferences": .accountPreferencesSaved, "password": .accountPasswordChanged, "sessions": .accountSessionsEnded,
        "totp-off": .accountTOTPDisabled,
    ]

    static func add(to console: Console) {
        let store = console.store
        let clock = console.runtime.now

        console.page("account") { request, _, viewer in
            try await page(store, viewer, banner: ConsoleBanner.done(request, viewer, messages))
        }

        console.action("account/language", role: .viewer) { _, _, viewer, form in
            let language = form["language"].flatMap(Language.init(rawValue:))
            try await store.setOperatorPreferences(id: viewer.account.id, language: language, timeZone: viewer.account.timeZone)
            return ConsoleResponse.redirect(to: ConsoleSessions.safeNext(form["next"]))
        }

        console.action("account/preferences", role: .viewer) { _, _, viewer, form in
            let language = form["language"].flatMap(Language.init(rawValue:))
            let zone = form["time_zone"].flatMap { $0.isEmpty ? nil : $0 }
            if let zone, TimeZone(identifier: zone) == nil {
                return try await page(store, viewer, banner: .error(viewer.text(.formHasProblems)), problems: ["time_zone": viewer.text(.accountZoneUnknown)], status: .unprocessableContent)
            }
            try await store.setOperatorPreferences(id: viewer.account.id, language: language, timeZone: zone)
            return ConsoleResponse.redirect(to: "/console/account?done=preferences")
        }

        console.action("account/password", role: .viewer) { _, _, viewer, form in
            guard let credentials = try await store.operatorCredentials(id: viewer.account.id) else { return ConsoleShell.forbidden(viewer) }
            var problems: [String: String] = [:]
            if !(try await OperatorPassword.verify(form.raw("current_password") ?? "", hash: credentials.passwordHash)) {
                problems["current_password"] = viewer.text(.accountCurrentPasswordWrong)
            }
            let new = form.raw("new_password") ?? ""
            if let problem = OperatorAccounts.passwordProblems(new, email: viewer.account.email, language: viewer.language).first {
                problems["new_password"] = problem.reason(in: viewer.language)
            }
            if new != form.raw("new_password_again") { problems["new_password_again"] = viewer.text(.passwordsDiffer) }
            guard problems.isEmpty else {
                return try await page(store, viewer, banner: .error(viewer.text(.formHasProblems)), problems: problems, status: .unprocessableContent)
            }
            try await store.setOperatorPassword(id: viewer.account.id, passwordHash: try await OperatorPassword.hash(new), keeping: viewer.sessionID)
            return ConsoleResponse.redirect(to: "/console/account?done=password")
        }

        console.action("account/sessions/end-others", role: .viewer) { _, _, viewer, _ in
            try await store.revokeConsoleSessions(operatorID: viewer.account.id, except: viewer.sessionID)
            return ConsoleResponse.redirect(to: "/console/account?done=sessions")
        }

        console.action("account/totp/start", role: .viewer) { _, _, viewer, _ in
            let secret = SecondFactor.newSecret()
            try await store.setPendingSecondFactor(id: viewer.account.id, secret: secret)
            return ConsolePage(title: viewer.text(.accountTOTPTitle), section: nil, body: confirmForm(viewer, secret: secret, problem: nil)).response(viewer)
        }

        console.action("account/totp/confirm", role: .viewer) { _, _, viewer, form in
            guard let credentials = try await store.operatorCredentials(id: viewer.account.id), let secret = credentials.pendingTOTPSecret else {
                return ConsoleResponse.redirect(to: "/console/account")
            }
            guard SecondFactor.check(form["code"] ?? "", secret: secret, now: clock()) else {
                return ConsolePage(
                    title: viewer.text(.accountTOTPTitle), section: nil, body: confirmForm(viewer, secret: secret, problem: viewer.text(.loginCodeWrong)),
                    banner: .error(viewer.text(.loginCodeWrong)), status: .unprocessableContent
                ).response(viewer)
            }
            let codes = SecondFactor.newRecoveryCodes()
            try await store.enableSecondFactor(id: viewer.account.id, secret: secret, recoveryCodeHashes: codes.map(SecondFactor.recoveryHash))
            let list = codes.map { "<li><code>\($0)</code></li>" }.joined()
            return ConsolePage(
                title: viewer.text(.accountTOTPTitle), section: nil,
                body: "<p>\(viewer.text(.accountRecoveryCodesOnce))</p><ol class=\"codes\">\(list)</ol><p><a class=\"button primary\" href=\"/console/account\">\(viewer.text(.accountBack))</a></p>",
                banner: .done(viewer.text(.accountTOTPEnabled))
            ).response(viewer)
        }

        console.action("account/totp/disable", role: .viewer) { _, _, viewer, form in
            guard let credentials = try await store.operatorCredentials(id: viewer.account.id) else { return ConsoleShell.forbidden(viewer) }
            guard try await OperatorPassword.verify(form.raw("totp_password") ?? "", hash: credentials.passwordHash) else {
                return try await page(
                    store, viewer, banner: .error(viewer.text(.formHasProblems)),
                    problems: ["totp_password": viewer.text(.accountCurrentPasswordWrong)], status: .unprocessableContent)
            }
            try await store.disableSecondFactor(id: viewer.account.id)
            return ConsoleResponse.redirect(to: "/console/account?done=totp-off")
        }
    }

    static func confirmForm(_ viewer: ConsoleViewer, secret: String, problem: String?) -> String {
        let uri = SecondFactor.uri(secret: secret, email: viewer.account.email)
        let form = ConsoleForm(action: "/console/account/totp/confirm", csrf: viewer.csrfToken)
            .field(.text("code", label: viewer.text(.loginCode), error: problem, required: true, autocomplete: "one-time-code", extra: "inputmode=\"numeric\" maxlength=\"8\""))
            .submit(viewer.text(.accountTOTPConfirm))
        return """
            <p>\(viewer.text(.accountTOTPIntro))</p>
            <dl class="secret"><dt>\(viewer.text(.accountTOTPKey))</dt><dd><code>\(HTML.escape(SecondFactor.typedKey(secret: secret)))</code></dd>
            <dt>\(viewer.text(.accountTOTPURI))</dt><dd><code class="wrap">\(HTML.escape(uri))</code></dd></dl>
            \(form.html)
            """
    }

    static func page(
        _ store: Store, _ viewer: ConsoleViewer, banner: ConsoleBanner? = nil, problems: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let account = viewer.account
        let preferences = ConsoleForm(action: "/console/account/preferences", csrf: viewer.csrfToken)
            .field(.select(
                "language", label: viewer.text(.accountLanguage),
                options: [("", viewer.text(.accountLanguageBrowser))] + Language.allCases.map { ($0.rawValue, $0.text(.languageName)) },
                selected: account.language?.rawValue ?? ""))
            .field(.text(
                "time_zone", label: viewer.text(.accountZone), value: account.timeZone ?? "", error: problems["time_zone"],
                help: viewer.text(.accountZoneHelp, ["zone": viewer.zone.identifier]), extra: "spellcheck=\"false\""))
            .submit(viewer.text(.save))
        let password = ConsoleForm(action: "/console/account/password", csrf: viewer.csrfToken)
            .raw("<input type=\"hidden\" name=\"username\" value=\"\(HTML.escape(account.email))\" autocomplete=\"username\">")
            .field(.text("current_password", label: viewer.text(.fieldCurrentPassword), type: "password", error: problems["current_password"], required: true, autocomplete: "current-password"))
            .field(.text(
                "new_password", label: viewer.text(.fieldNewPassword), type: "password", error: problems["new_password"],
                help: viewer.text(.passwordHelp, ["minimum": String(PasswordRules.minimumLength)]), required: true, autocomplete: "new-password"))
            .field(.text("new_password_again", label: viewer.text(.fieldPasswordAgain), type: "password", error: problems["new_password_again"], required: true, autocomplete: "new-password"))
            .submit(viewer.text(.accountChangePassword))
        let secondFactor: String
        if account.hasSecondFactor {
            let left = try await store.unusedRecoveryCodes(operatorID: account.id)
            secondFactor = "<p>\(viewer.text(.accountTOTPOn, ["count": String(left)]))</p>" + ConsoleForm(action: "/console/account/totp/disable", csrf: viewer.csrfToken)
                .field(.text("totp_password", label: viewer.text(.fieldCurrentPassword), type: "password", error: problems["totp_password"], required: true, autocomplete: "current-password"))
                .submit(viewer.text(.accountTOTPDisable), style: .danger).html
        } else {
            secondFactor = "<p>\(viewer.text(.accountTOTPOff))</p>" + ConsoleForm(action: "/console/account/totp/start", csrf: viewer.csrfToken)
                .submit(viewer.text(.accountTOTPStart), style: .secondary).html
        }
        let sessions = try await store.consoleSessions(operatorID: account.id)
        let others = sessions.filter { $0.id != viewer.sessionID }.count
        let sessionBlock = "<p>\(viewer.text(.accountSessions, ["count": String(others)]))</p>"
            + ConsoleForm(action: "/console/account/sessions/end-others", csrf: viewer.csrfToken).submit(viewer.text(.accountEndOthers), style: .danger).html
        let body = """
            <p class="meta">\(HTML.escape(account.email)) · \(viewer.text(UsersScreen.roleLabel(account.role)))</p>
            <div class="cards">
            <section class="card"><h2>\(viewer.text(.accountPreferences))</h2>\(preferences.html)</section>
            <section class="card"><h2>\(viewer.text(.accountChangePassword))</h2>\(password.html)</section>
            <section class="card"><h2>\(viewer.text(.accountTOTPTitle))</h2>\(secondFactor)</section>
            <section class="card"><h2>\(viewer.text(.accountSessionsTitle))</h2>\(sessionBlock)</section>
            </div>
            """
        return ConsolePage(title: viewer.text(.consoleAccount), section: nil, body: body, banner: banner, status: status).response(viewer)
    }
}
