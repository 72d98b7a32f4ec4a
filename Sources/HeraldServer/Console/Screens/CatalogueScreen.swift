import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

/// `/console/catalogue`: the components and groups, named in the reader's language with their
/// translations beside; the newest status changes. A component's page changes its status (a reason
/// is required, and the change is recorded with who made it, as `PUT /components/{id}/status` does)
/// and, for admins, edits it. Entries the config file declares are read-only here: they are changed
/// in the file. Admins add components and groups with the same readers the API uses (`ComponentBodies`).
enum CatalogueScreen {
    static let messages: [String: Phrase] = [
        "status": .catalogueStatusChanged, "created": .catalogueCreated, "saved": .catalogueSaved,
    ]

    static func add(to console: Console) {
        let store = console.store

        console.page("catalogue") { request, _, viewer in
            guard let pageRequest = ScreenKit.pageRequest(request), let page = try? await store.components(page: pageRequest) else {
                return ScreenKit.badQuery(viewer, .catalogue, .navCatalogue, path: "/console/catalogue")
            }
            return try await list(store, viewer, page: page, isFirst: request.uri.queryParameters.get("cursor") == nil,
                banner: ConsoleBanner.done(request, viewer, messages))
        }

        console.page("catalogue/components/:id") { request, context, viewer in
            guard let component = try? await store.component(id: context.parameters.get("id") ?? "") else {
                return ScreenKit.notFound(viewer, .catalogue, .navCatalogue)
            }
            return try await componentPage(store, viewer, component, banner: ConsoleBanner.done(request, viewer, messages))
        }

        console.page("catalogue/groups/:id") { request, context, viewer in
            guard let group = try? await store.componentGroup(id: context.parameters.get("id") ?? "") else {
                return ScreenKit.notFound(viewer, .catalogue, .navCatalogue)
            }
            return groupPage(viewer, group, banner: ConsoleBanner.done(request, viewer, messages))
        }

        // The same reader and store call as PUT /api/v1/components/{id}/status; the console also asks for a reason.
        console.action("catalogue/components/:id/status", role: .responder) { _, context, viewer, form in
            guard let component = try? await store.component(id: context.parameters.get("id") ?? "") else {
                return ScreenKit.notFound(viewer, .catalogue, .navCatalogue)
            }
            let reason = form["reason"] ?? ""
            var problems: [String: String] = [:]
            do {
                let (status, checkedReason) = try ComponentBodies.status(.object([
                    "status": .string(form["status"] ?? ""), "reason": reason.isEmpty ? .null : .string(reason),
                ]))
                guard let checkedReason, !checkedReason.isEmpty else { throw ValidationFailure([FieldError("reason", viewer.text(.catalogueReasonRequired))]) }
                try await store.setStatus(componentID: component.id, to: status, source: .manual, actor: viewer.actor, reason: checkedReason)
                context.logger.notice("component status changed", metadata: ["component": "\(component.id)", "actor": "\(viewer.actor)"])
                return ConsoleResponse.redirect(to: "/console/catalogue/components/\(component.id)?done=status")
            } catch {
                guard let found = ScreenKit.problems(error, viewer.language) else { throw error }
                problems = found
            }
            return try await componentPage(
                store, viewer, component, banner: .error(viewer.text(.formHasProblems)), typed: ["reason": reason, "status": form["status"] ?? ""],
                problems: problems, status: .unprocessableContent)
        }

        console.action("catalogue/components", role: .admin) { _, context, viewer, form in
            do {
                let (spec, status) = try ComponentBodies.create(componentBody(form, creating: true))
                let made = try await store.createComponent(spec, status: status)
                context.logger.notice("component created", metadata: ["component": "\(made.id)", "actor": "\(viewer.actor)"])
                return ConsoleResponse.redirect(to: "/console/catalogue/components/\(made.id)?done=created")
            } catch {
                guard let problems = ScreenKit.problems(error, viewer.language) else { throw error }
                let page = try await store.components(page: PageRequest())
                return try await list(store, viewer, page: page, isFirst: true, banner: .error(viewer.text(.formHasProblems)),
                    typedComponent: form, componentProblems: problems, status: .unprocessableContent)
            }
        }

        console.action("catalogue/components/:id", role: .admin) { _, context, viewer, form in
            guard let component = try? await store.component(id: context.parameters.get("id") ?? "") else {
                return ScreenKit.notFound(viewer, .catalogue, .navCatalogue)
            }
            do {
                let patch = try ComponentBodies.patch(componentBody(form, creating: false))
                _ = try await store.updateComponent(id: component.id, patch)
                context.logger.notice("component changed", metadata: ["component": "\(component.id)", "actor": "\(viewer.actor)"])
                return ConsoleResponse.redirect(to: "/console/catalogue/components/\(component.id)?done=saved")
            } catch {
                guard let problems = ScreenKit.problems(error, viewer.language) else { throw error }
                // A config-managed entry is refused by the store (409), whatever the form said.
                let refused: HTTPResponse.Status = component.managedBy == .config ? .conflict : .unprocessableContent
                return try await componentPage(store, viewer, component, banner: .error(viewer.text(
                    component.managedBy == .config ? .catalogueConfigManaged : .formHasProblems)), typedEdit: form, problems: problems, status: refused)
            }
        }

        console.action("catalogue/groups", role: .admin) { _, context, viewer, form in
            do {
                let made = try await store.createComponentGroup(try ComponentBodies.createGroup(groupBody(form, creating: true)))
                context.logger.notice("component group created", metadata: ["group": "\(made.id)", "actor": "\(viewer.actor)"])
                return ConsoleResponse.redirect(to: "/console/catalogue?done=created")
            } catch {
                guard let problems = ScreenKit.problems(error, viewer.language) else { throw error }
                let page = try await store.components(page: PageRequest())
                return try await list(store, viewer, page: page, isFirst: true, banner: .error(viewer.text(.formHasProblems)),
                    typedGroup: form, groupProblems: problems, status: .unprocessableContent)
            }
        }

        console.action("catalogue/groups/:id", role: .admin) { _, context, viewer, form in
            guard let group = try? await store.componentGroup(id: context.parameters.get("id") ?? "") else {
                return ScreenKit.notFound(viewer, .catalogue, .navCatalogue)
            }
            do {
                _ = try await store.updateComponentGroup(id: group.id, try ComponentBodies.patchGroup(groupBody(form, creating: false)))
                context.logger.notice("component group changed", metadata: ["group": "\(group.id)", "actor": "\(viewer.actor)"])
                return ConsoleResponse.redirect(to: "/console/catalogue/groups/\(group.id)?done=saved")
            } catch {
                guard let problems = ScreenKit.problems(error, viewer.language) else { throw error }
                return groupPage(viewer, group, banner: .error(viewer.text(group.managedBy == .config ? .catalogueConfigManaged : .formHasProblems)),
                    typed: form, problems: problems, status: group.managedBy == .config ? .conflict : .unprocessableContent)
            }
        }
    }

    // MARK: Bodies: the form as the JSON the API's readers take

    static func translations(_ form: ConsoleFormData) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for language in Language.allCases {
            if let name = form["translations.\(language.rawValue).name"], !name.isEmpty { members[language.rawValue] = .object(["name": .string(name)]) }
        }
        return .object(members)
    }

    static func integer(_ text: String?) -> JSONValue {
        guard let text, !text.isEmpty else { return .integer(0) }
        return Int64(text).map(JSONValue.integer) ?? .string(text)
    }

    static func optional(_ text: String?, creating: Bool) -> JSONValue? {
        guard let text, !text.isEmpty else { return creating ? nil : .null }
        return .string(text)
    }

    static func componentBody(_ form: ConsoleFormData, creating: Bool) -> JSONValue {
        var body: [String: JSONValue] = [
            "name": .string(form["name"] ?? ""), "position": integer(form["position"]), "translations": translations(form),
        ]
        for key in ["description", "group_id"] { body[key] = optional(form[key], creating: creating) }
        if creating, let id = form["id"], !id.isEmpty { body["id"] = .string(id) }
        return .object(body)
    }

    static func groupBody(_ form: ConsoleFormData, creating: Bool) -> JSONValue {
        var body: [String: JSONValue] = ["name": .string(form["name"] ?? ""), "position": integer(form["position"]), "translations": translations(form)]
        body["description"] = optional(form["description"], creating: creating)
        if creating, let id = form["id"], !id.isEmpty { body["id"] = .string(id) }
        return .object(body)
    }

    // MARK: Pages

    static func names(_ own: String, _ translations: CatalogueTranslations, _ viewer: ConsoleViewer) -> String {
        let others = Language.allCases.compactMap { language -> String? in
            translations[language].map { "<span lang=\"\(language.rawValue)\">\(HTML.escape(language.text(.languageName))): \(HTML.escape($0.name))</span>" }
        }
        let original = "<span class=\"meta\">\(viewer.text(.catalogueOwnName)): \(HTML.escape(own))</span>"
        return others.isEmpty ? original : original + "<br><span class=\"meta\">" + others.joined(separator: " · ") + "</span>"
    }

    static func managed(_ manager: CatalogueManager, _ viewer: ConsoleViewer) -> String {
        manager == .config ? "<span class=\"pill off\">\(viewer.text(.catalogueFromConfig))</span>" : "<span class=\"pill on\">\(viewer.text(.catalogueFromAPI))</span>"
    }

    static func statusTag(_ status: ComponentStatus, _ viewer: ConsoleViewer) -> String {
        "<span class=\"status status-\(status.rawValue)\">\(HTML.escape(status.label(viewer.language)))</span>"
    }

    static func list(
        _ store: Store, _ viewer: ConsoleViewer, page: Page<Component>, isFirst: Bool, banner: ConsoleBanner?,
        typedComponent: ConsoleFormData? = nil, componentProblems: [String: String] = [:],
        typedGroup: ConsoleFormData? = nil, groupProblems: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let groups = try await store.componentGroups()
        let groupNames = Dictionary(uniqueKeysWithValues: groups.map { ($0.id, $0.name(in: viewer.language)) })
        let componentNames = Dictionary(uniqueKeysWithValues: try await store.components().map { ($0.id, $0.name(in: viewer.language)) })
        let rows = page.items.map { component -> [String] in
            [
                "<a href=\"/console/catalogue/components/\(HTML.escape(component.id))\">\(HTML.escape(component.name(in: viewer.language)))</a><br>"
                    + names(component.name, component.translations, viewer),
                HTML.escape(component.groupID.map { groupNames[$0] ?? $0 } ?? "—"),
                statusTag(component.status, viewer),
                managed(component.managedBy, viewer),
            ]
        }
        let components = ConsoleTable(
            caption: viewer.text(.catalogueComponents),
            headers: [viewer.text(.columnComponent), viewer.text(.catalogueGroup), viewer.text(.columnStatus), viewer.text(.catalogueManagedBy)],
            rows: rows, empty: viewer.text(.catalogueNoComponents))
        let groupRows = groups.map { group -> [String] in
            [
                "<a href=\"/console/catalogue/groups/\(HTML.escape(group.id))\">\(HTML.escape(group.name(in: viewer.language)))</a><br>"
                    + names(group.name, group.translations, viewer),
                String(group.position), managed(group.managedBy, viewer),
            ]
        }
        let groupTable = ConsoleTable(
            caption: viewer.text(.catalogueGroups), headers: [viewer.text(.catalogueGroup), viewer.text(.cataloguePosition), viewer.text(.catalogueManagedBy)],
            rows: groupRows, empty: viewer.text(.catalogueNoGroups))
        let changes = try await store.recentStatusChanges(limit: 20)
        let changeTable = ConsoleTable(
            caption: viewer.text(.catalogueRecentChanges),
            headers: [viewer.text(.columnComponent), viewer.text(.catalogueChange), viewer.text(.catalogueWho), viewer.text(.catalogueReason), viewer.text(.catalogueWhen)],
            rows: changes.map { change(
                $0, viewer, name: componentNames[$0.componentID] ?? $0.componentID, link: true) },
            empty: viewer.text(.catalogueNoChanges))
        var body = ScreenKit.card(viewer.text(.catalogueComponents), components.html + ConsolePager(path: "/console/catalogue", next: page.next, isFirst: isFirst).html(viewer), wide: true)
            + ScreenKit.card(viewer.text(.catalogueGroups), groupTable.html)
            + ScreenKit.card(viewer.text(.catalogueRecentChanges), changeTable.html)
        if viewer.may(.admin) {
            let groupOptions = [("", "—")] + groups.map { ($0.id, $0.name(in: viewer.language)) }
            let addComponent = entryForm(
                "/console/catalogue/components", viewer, typed: typedComponent, problems: componentProblems, creating: true,
                groupOptions: groupOptions, submit: viewer.text(.catalogueAddComponent))
            let addGroup = entryForm(
                "/console/catalogue/groups", viewer, typed: typedGroup, problems: groupProblems, creating: true, groupOptions: nil,
                submit: viewer.text(.catalogueAddGroup), prefix: "g-")
            body += ScreenKit.card(viewer.text(.catalogueAddComponent), ScreenKit.otherProblems(componentProblems, shown: entryFields) + addComponent)
                + ScreenKit.card(viewer.text(.catalogueAddGroup), ScreenKit.otherProblems(groupProblems, shown: entryFields) + addGroup)
        }
        body += "<p class=\"help\">\(viewer.text(.catalogueConfigNote))</p>"
        return ConsolePage(title: viewer.text(.navCatalogue), section: .catalogue, body: "<div class=\"cards\">\(body)</div>", banner: banner, status: status)
            .response(viewer)
    }

    static let entryFields: Set<String> = Set(["id", "name", "description", "group_id", "position"])
        .union(Language.allCases.map { "translations.\($0.rawValue).name" })

    /// The add or edit form of a component (`groupOptions` given) or a group. `prefix` keeps the ids
    /// of two forms on one page apart.
    static func entryForm(
        _ action: String, _ viewer: ConsoleViewer, typed: ConsoleFormData?, problems: [String: String], creating: Bool,
        groupOptions: [(String, String)]?, submit: String, prefix: String = "", current: (name: String, description: String?, groupID: String?, position: Int, translations: CatalogueTranslations)? = nil
    ) -> String {
        func value(_ key: String, _ fallback: String?) -> String? { typed?[key] ?? fallback }
        func text(_ key: String, _ label: Phrase, _ fallback: String?, required: Bool = false, help: String? = nil) -> ConsoleField {
            let field = ConsoleField.text(key, label: viewer.text(label), value: value(key, fallback), error: problems[key], help: help, required: required, autocomplete: "off")
            return prefix.isEmpty ? field : ConsoleField(html: field.html.replacingOccurrences(of: "f-\(key)", with: "f-\(prefix)\(key)"))
        }
        var form = ConsoleForm(action: action, csrf: viewer.csrfToken)
        if creating { form = form.field(text("id", .catalogueID, nil, help: viewer.text(.catalogueIDHelp))) }
        form = form.field(text("name", .catalogueOwnName, current?.name, required: true))
        for language in Language.allCases {
            form = form.field(ConsoleField(html: text(
                "translations.\(language.rawValue).name", .catalogueNameIn, current?.translations[language]?.name
            ).html.replacingOccurrences(of: "{language}", with: HTML.escape(language.text(.languageName)))))
        }
        form = form.field(text("description", .catalogueDescription, current?.description))
        if let groupOptions {
            let selected = value("group_id", current?.groupID) ?? ""
            var field = ConsoleField.select("group_id", label: viewer.text(.catalogueGroup), options: groupOptions.map { (value: $0.0, label: $0.1) },
                selected: selected, error: problems["group_id"])
            if !prefix.isEmpty { field = ConsoleField(html: field.html.replacingOccurrences(of: "f-group_id", with: "f-\(prefix)group_id")) }
            form = form.field(field)
        }
        form = form.field(text("position", .cataloguePosition, current.map { String($0.position) } ?? "0"))
        return form.submit(submit).html
    }

    static func change(_ change: ComponentStatusChange, _ viewer: ConsoleViewer, name: String, link: Bool) -> [String] {
        let who = change.actor
        return [
            link ? "<a href=\"/console/catalogue/components/\(HTML.escape(change.componentID))\">\(HTML.escape(name))</a>" : HTML.escape(name),
            "\(statusTag(change.oldStatus, viewer)) → \(statusTag(change.newStatus, viewer))",
            HTML.escape(who), HTML.escape(change.reason ?? "—"), ConsoleTime.element(change.changedAt, viewer.zone),
        ]
    }

    static func componentPage(
        _ store: Store, _ viewer: ConsoleViewer, _ component: Component, banner: ConsoleBanner?, typed: [String: String] = [:],
        typedEdit: ConsoleFormData? = nil, problems: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let groups = try await store.componentGroups()
        let group = component.groupID.flatMap { id in groups.first { $0.id == id } }
        var body = """
            <dl class="figures"><div><dt>\(viewer.text(.columnStatus))</dt><dd>\(statusTag(component.status, viewer))</dd></div>\
            <div><dt>\(viewer.text(.catalogueGroup))</dt><dd>\(HTML.escape(group?.name(in: viewer.language) ?? component.groupID ?? "—"))</dd></div>\
            <div><dt>\(viewer.text(.catalogueManagedBy))</dt><dd>\(managed(component.managedBy, viewer))</dd></div>\
            <div><dt>\(viewer.text(.catalogueNames))</dt><dd>\(names(component.name, component.translations, viewer))</dd></div></dl>
            """
        if let description = component.description { body += "<p>\(HTML.escape(description))</p>" }
        if viewer.may(.responder) {
            let statusForm = ConsoleForm(action: "/console/catalogue/components/\(component.id)/status", csrf: viewer.csrfToken)
                .field(.select("status", label: viewer.text(.catalogueNewStatus),
                    options: ComponentStatus.allCases.map { ($0.rawValue, $0.label(viewer.language)) },
                    selected: typed["status"] ?? component.status.rawValue, error: problems["status"]))
                .field(ScreenKit.area("reason", label: viewer.text(.catalogueReason), value: typed["reason"], error: problems["reason"],
                    help: viewer.text(.catalogueReasonHelp), rows: 2, required: true))
                .submit(viewer.text(.catalogueChangeStatus))
            body += ScreenKit.card(viewer.text(.catalogueChangeStatus), statusForm.html)
        }
        let changes = try await store.statusChanges(componentID: component.id, limit: 20)
        body += ScreenKit.card(viewer.text(.catalogueRecentChanges), ConsoleTable(
            caption: viewer.text(.catalogueRecentChanges),
            headers: [viewer.text(.columnComponent), viewer.text(.catalogueChange), viewer.text(.catalogueWho), viewer.text(.catalogueReason), viewer.text(.catalogueWhen)],
            rows: changes.map { change($0, viewer, name: component.name(in: viewer.language), link: false) },
            empty: viewer.text(.catalogueNoChanges)).html)
        if component.managedBy == .config {
            body += "<p class=\"help note\">\(viewer.text(.catalogueConfigManaged))</p>"
        } else if viewer.may(.admin) {
            let options = [("", "—")] + groups.map { ($0.id, $0.name(in: viewer.language)) }
            body += ScreenKit.card(viewer.text(.catalogueEdit), ScreenKit.otherProblems(problems, shown: entryFields.union(["reason", "status"])) + entryForm(
                "/console/catalogue/components/\(component.id)", viewer, typed: typedEdit, problems: problems, creating: false, groupOptions: options,
                submit: viewer.text(.catalogueSave),
                current: (component.name, component.description, component.groupID, component.position, component.translations)))
        }
        body += "<p><a href=\"/console/catalogue\">\(viewer.text(.catalogueBack))</a></p>"
        return ConsolePage(title: component.name(in: viewer.language), section: .catalogue, body: body, banner: banner, status: status).response(viewer)
    }

    static func groupPage(
        _ viewer: ConsoleViewer, _ group: ComponentGroup, banner: ConsoleBanner?, typed: ConsoleFormData? = nil, problems: [String: String] = [:],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var body = """
            <dl class="figures"><div><dt>\(viewer.text(.catalogueManagedBy))</dt><dd>\(managed(group.managedBy, viewer))</dd></div>\
            <div><dt>\(viewer.text(.catalogueNames))</dt><dd>\(names(group.name, group.translations, viewer))</dd></div></dl>
            """
        if group.managedBy == .config {
            body += "<p class=\"help note\">\(viewer.text(.catalogueConfigManaged))</p>"
        } else if viewer.may(.admin) {
            body += ScreenKit.card(viewer.text(.catalogueEdit), ScreenKit.otherProblems(problems, shown: entryFields) + entryForm(
                "/console/catalogue/groups/\(group.id)", viewer, typed: typed, problems: problems, creating: false, groupOptions: nil,
                submit: viewer.text(.catalogueSave), current: (group.name, group.description, nil, group.position, group.translations)))
        }
        body += "<p><a href=\"/console/catalogue\">\(viewer.text(.catalogueBack))</a></p>"
        return ConsolePage(title: group.name(in: viewer.language), section: .catalogue, body: body, banner: banner, status: status).response(viewer)
    }
}
