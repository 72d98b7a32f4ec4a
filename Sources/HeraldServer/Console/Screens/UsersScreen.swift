import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

/// `/console/users` (admins): the operators, a page at a time; invite one (made with a temporary
/// password shown once, for the admin to pass on), disable or enable, change the role. Disabling
/// ends the operator's sessions at once. Nobody disables or demotes themselves here.
enum UsersScreen {
    static let messages: [String: Phrase] = ["disabled": .usersDisabled, "enabled": .usersEnabled, "role": .usersRoleChanged]

    static func add(to console: Console) {
        let store = console.store

        console.page("users", role: .admin) { request, _, viewer in
            let page = try await store.operators(page: try request.pageRequest())
            return list(viewer, page: page, isFirst: request.uri.queryParameters.get("cursor") == nil, banner: ConsoleBanner.done(request, viewer, messages))
        }

        console.action("users", role: .admin) { request, context, viewer, form in
            let email = form["email"] ?? ""
            let name = form["name"] ?? ""
            let role = form["role"].flatMap(Role.init(rawValue:)) ?? .viewer
            let password = temporaryPassword()
            do {
                let made = try await OperatorAccounts.create(
                    store, email: email, name: name, role: role, password: password, createdBy: viewer.actor, language: viewer.language)
                context.logger.notice("operator invited", metadata: ["operator": "\(made.email)", "actor": "\(viewer.actor)"])
                let body = """
                    <p>\(viewer.text(.usersInvitedIntro, ["email": HTML.escape(made.email)]))</p>
                    <p class="once"><code>\(HTML.escape(password))</code></p>
                    <p><a class="button primary" href="/console/users">\(viewer.text(.usersBack))</a></p>
                    """
                return ConsolePage(title: viewer.text(.usersInvitedTitle), section: .people, body: body, banner: .done(viewer.text(.usersInvited))).response(viewer)
            } catch let failure as ValidationFailure {
                let problems = Dictionary(failure.errors.map { ($0.field, $0.reason(in: viewer.language)) }, uniquingKeysWith: { first, _ in first })
                let page = try await store.operators(page: PageRequest())
                return list(viewer, page: page, isFirst: true, banner: .error(viewer.text(.formHasProblems)), typed: ["email": email, "name": name, "role": role.rawValue], problems: problems, status: .unprocessableContent)
            } catch StoreError.conflict {
                let page = try await store.operators(page: PageRequest())
                return list(viewer, page: page, isFirst: true, banner: .error(viewer.text(.formHasProblems)), typed: ["email": email, "name": name, "role": role.rawValue], problems: ["email": viewer.text(.usersEmailTaken)], status: .unprocessableContent)
            }
        }

        console.action("users/:id", role: .admin) { request, context, viewer, form in
            let id = context.parameters.get("id") ?? ""
            guard let target = try await store.operatorAccount(id: id) else {
                return ConsolePage(title: viewer.text(.navPeople), section: .people, body: "", banner: .error(viewer.text(.usersNotFound)), status: .notFound).response(viewer)
            }
            let change: OperatorAdministration.Change
            switch form["change"] {
            case "disable": change = .disable
            case "enable": change = .enable
            case "role":
                guard let role = form["role"].flatMap(Role.init(rawValue:)) else { return ConsoleShell.forbidden(viewer) }
                change = .role(role)
            default: return ConsoleShell.forbidden(viewer)
            }
            guard OperatorAdministration.decide(actorID: viewer.account.id, targetID: target.id, change: change) == .allowed else {
                let page = try await store.operators(page: PageRequest())
                return list(viewer, page: page, isFirst: true, banner: .error(viewer.text(.usersNotOnSelf)), status: .conflict)
            }
            let done: String
            switch change {
            case .disable: try await store.setOperatorDisabled(id: id, true); done = "disabled"
            case .enable: try await store.setOperatorDisabled(id: id, false); done = "enabled"
            case .role(let role): try await store.setOperatorRole(id: id, role); done = "role"
            }
            context.logger.notice("operator changed", metadata: ["operator": "\(target.email)", "change": "\(done)", "actor": "\(viewer.actor)"])
            return ConsoleResponse.redirect(to: "/console/users?done=\(done)")
        }
    }

    /// 16 characters from an alphabet without look-alikes: easy to read out, long enough to pass the rules.
    static func temporaryPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return stride(from: 0, to: 16, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    static func roleOptions(_ viewer: ConsoleViewer) -> [(value: String, label: String)] {
        Role.allCases.map { ($0.rawValue, viewer.text(roleLabel($0))) }
    }

    static func roleLabel(_ role: Role) -> Phrase {
        switch role {
        case .viewer: .roleViewer
        case .responder: .roleResponder
        case .admin: .roleAdmin
        }
    }

    static func list(
        _ viewer: ConsoleViewer, page: Page<Operator>, isFirst: Bool, banner: ConsoleBanner?, typed: [String: String] = [:],
        problems: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) -> Response {
        let rows = page.items.map { account -> [String] in
            let toggle = ConsoleForm(action: "/console/users/\(account.id)", csrf: viewer.csrfToken, style: .inline)
                .hidden("change", account.isDisabled ? "enable" : "disable")
                .submit(viewer.text(account.isDisabled ? .usersEnable : .usersDisable), style: account.isDisabled ? .secondary : .danger)
            let role = ConsoleForm(action: "/console/users/\(account.id)", csrf: viewer.csrfToken, style: .inline)
                .hidden("change", "role")
                .field(.select("role", label: viewer.text(.columnRole), options: roleOptions(viewer), selected: account.role.rawValue))
                .submit(viewer.text(.usersChangeRole), style: .secondary)
            let self_ = account.id == viewer.account.id
            return [
                "\(HTML.escape(account.name))<br><span class=\"meta\">\(HTML.escape(account.email))</span>",
                self_ ? HTML.escape(viewer.text(roleLabel(account.role))) : role.html.replacingOccurrences(of: "id=\"f-role\"", with: "id=\"f-role-\(account.id)\"").replacingOccurrences(of: "for=\"f-role\"", with: "for=\"f-role-\(account.id)\""),
                account.isDisabled ? "<span class=\"pill off\">\(viewer.text(.usersStateDisabled))</span>" : "<span class=\"pill on\">\(viewer.text(.usersStateActive))</span>",
                viewer.text(account.hasSecondFactor ? .yes : .no),
                ConsoleTime.element(account.createdAt, viewer.zone),
                self_ ? "<span class=\"meta\">\(viewer.text(.usersYou))</span>" : toggle.html,
            ]
        }
        let table = ConsoleTable(
            caption: viewer.text(.usersListCaption),
            headers: [viewer.text(.fieldName), viewer.text(.columnRole), viewer.text(.columnStatus), viewer.text(.columnSecondFactor), viewer.text(.columnCreated), viewer.text(.columnActions)],
            rows: rows, empty: viewer.text(.usersNone))
        let invite = ConsoleForm(action: "/console/users", csrf: viewer.csrfToken)
            .field(.text("email", label: viewer.text(.fieldEmail), value: typed["email"], type: "email", error: problems["email"], required: true, autocomplete: "off"))
            .field(.text("name", label: viewer.text(.fieldName), value: typed["name"], error: problems["name"], required: true, autocomplete: "off"))
            .field(.select("role", label: viewer.text(.columnRole), options: roleOptions(viewer), selected: typed["role"] ?? Role.responder.rawValue))
            .submit(viewer.text(.usersInvite))
        let body = """
            \(table.html)\(ConsolePager(path: "/console/users", next: page.next, isFirst: isFirst).html(viewer))
            <section class="card"><h2>\(viewer.text(.usersInviteTitle))</h2><p class="help">\(viewer.text(.usersInviteHelp))</p>\(invite.html)</section>
            """
        return ConsolePage(title: viewer.text(.usersTitle), section: .people, body: body, banner: banner, status: status).response(viewer)
    }
}
