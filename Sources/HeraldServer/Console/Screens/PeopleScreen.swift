import Foundation
import HeraldApp
import HeraldChannels
import HeraldCore
import HeraldStore
import Hummingbird

/// `/console/people`: the contacts notices and pages reach, searched by name or address and by
/// group, a page at a time; a contact's page (addresses, groups, zone, quiet hours) where admins
/// edit it (`ContactBody.patched`, as `PATCH /contacts/{id}`) or delete it (erasing their personal
/// data from past deliveries, as `DELETE /contacts/{id}`); the groups with their members; the CSV
/// import `herald contacts import` does, pasted into the browser; the status page's subscribers.
/// Admins also find the operators page from here.
enum PeopleScreen {
    static let messages: [String: Phrase] = [
        "saved": .peopleContactSaved, "deleted": .peopleContactDeleted, "removed": .peopleSubscriberRemoved,
    ]
    /// A pasted CSV of a few thousand rows.
    static let importLimit = 4 * 1024 * 1024

    static func add(to console: Console) {
        let store = console.store
        let clock = console.runtime.now

        console.page("people") { request, _, viewer in
            let query = request.uri.queryParameters
            let search = query.get("q")?.trimmingCharacters(in: .whitespaces)
            let group = query.get("group")
            let path = ScreenKit.query("/console/people", [("q", search), ("group", group)])
            guard let pageRequest = ScreenKit.pageRequest(request),
                let page = try? await store.contacts(matching: search, group: group, page: pageRequest)
            else { return ScreenKit.badQuery(viewer, .people, .navPeople, path: "/console/people") }
            let rows = page.items.map { contact -> [String] in
                [
                    "<a href=\"/console/people/contacts/\(HTML.escape(contact.id))\">\(HTML.escape(contact.name))</a>",
                    addresses(contact),
                    contact.groups.map { "<a href=\"/console/people?group=\(HTML.escape($0))\">\(HTML.escape($0))</a>" }.joined(separator: " "),
                    HTML.escape(contact.language.text(.languageName)),
                ]
            }
            let form = """
                <form method="get" action="/console/people" class="form inline" role="search">\
                <div class="field"><label for="f-q">\(viewer.text(.peopleSearch))</label>\
                <input id="f-q" name="q" type="search" value="\(HTML.escape(search ?? ""))" autocomplete="off"></div>\
                \(group.map { "<input type=\"hidden\" name=\"group\" value=\"\(HTML.escape($0))\">" } ?? "")\
                <button type="submit" class="button secondary">\(viewer.text(.peopleSearchSubmit))</button></form>
                """
            let filter = group.map { "<p class=\"meta\">\(viewer.text(.peopleInGroup, ["group": HTML.escape($0)])) <a href=\"/console/people\">\(viewer.text(.peopleAll))</a></p>" } ?? ""
            let table = ConsoleTable(
                caption: viewer.text(.peopleContacts),
                headers: [viewer.text(.fieldName), viewer.text(.peopleAddresses), viewer.text(.peopleGroups), viewer.text(.accountLanguage)],
                rows: rows, empty: viewer.text(search == nil && group == nil ? .peopleNone : .peopleNoMatch))
            let body = links(viewer) + form + filter + table.html
                + ConsolePager(path: path, next: page.next, isFirst: query.get("cursor") == nil).html(viewer)
            return ConsolePage(title: viewer.text(.navPeople), section: .people, body: body, banner: ConsoleBanner.done(request, viewer, messages))
                .response(viewer)
        }

        console.page("people/contacts/:id") { request, context, viewer in
            guard let contact = try? await store.contact(id: context.parameters.get("id") ?? "") else {
                return ScreenKit.notFound(viewer, .people, .navPeople)
            }
            return contactPage(viewer, contact, banner: ConsoleBanner.done(request, viewer, messages))
        }

        console.action("people/contacts/:id", role: .admin) { _, context, viewer, form in
            guard let current = try? await store.contact(id: context.parameters.get("id") ?? "") else {
                return ScreenKit.notFound(viewer, .people, .navPeople)
            }
            do {
                let contact = try ContactBody.patched(current, with: patch(form))
                _ = try await store.updateContact(contact, actor: viewer.actor)
                context.logger.notice("contact changed", metadata: ["contact": "\(current.id)", "actor": "\(viewer.actor)"])
                return ConsoleResponse.redirect(to: "/console/people/contacts/\(current.id)?done=saved")
            } catch {
                guard let problems = ScreenKit.problems(error, viewer.language) else { throw error }
                return contactPage(viewer, current, banner: .error(viewer.text(.formHasProblems)), typed: form, problems: problems, status: .unprocessableContent)
            }
        }

        console.action("people/contacts/:id/delete", role: .admin) { _, context, viewer, _ in
            guard let current = try? await store.contact(id: context.parameters.get("id") ?? "") else {
                return ScreenKit.notFound(viewer, .people, .navPeople)
            }
            do {
                let erasure = try await store.deleteContact(id: current.id, actor: viewer.actor)
                context.logger.notice("contact deleted", metadata: ["contact": "\(current.id)", "erased": "\(erasure.deliveries)", "actor": "\(viewer.actor)"])
                return ConsoleResponse.redirect(to: "/console/people?done=deleted")
            } catch {
                guard let problems = ScreenKit.problems(error, viewer.language) else { throw error }
                return contactPage(viewer, current, banner: .error(problems.values.sorted().joined(separator: " ")), status: .conflict)
            }
        }

        console.page("people/groups") { _, _, viewer in
            let groups = try await store.contactGroups(shown: 20)
            let rows = groups.map { group, count, members -> [String] in
                let shown = members.map { "<a href=\"/console/people/contacts/\(HTML.escape($0.id))\">\(HTML.escape($0.name))</a>" }
                let more = count > members.count ? " <a href=\"/console/people?group=\(HTML.escape(group))\">\(viewer.text(.peopleMore, ["count": String(count - members.count)]))</a>" : ""
                return ["<a href=\"/console/people?group=\(HTML.escape(group))\"><code>\(HTML.escape(group))</code></a>", String(count),
                        shown.joined(separator: viewer.language.listSeparator) + more]
            }
            let table = ConsoleTable(
                caption: viewer.text(.peopleGroups), headers: [viewer.text(.peopleGroup), viewer.text(.peopleMemberCount), viewer.text(.peopleMembers)],
                rows: rows, empty: viewer.text(.peopleNoGroups))
            return ConsolePage(title: viewer.text(.peopleGroups), section: .people, body: links(viewer) + table.html).response(viewer)
        }

        console.page("people/import", role: .admin) { _, _, viewer in
            importPage(viewer, text: nil, dryRun: false, result: nil)
        }

        // The CSV import of `herald contacts import`: the same reader, the same save, rows refused by line.
        console.action("people/import", role: .admin, limit: importLimit) { _, context, viewer, form in
            let text = form.raw("csv") ?? ""
            let dryRun = form["dry_run"] == "on"
            let parsed: ContactImport
            do { parsed = try ContactImport.read(text, now: clock()) } catch let error as ValidationFailure {
                return importPage(viewer, text: text, dryRun: dryRun, result: nil, fileProblems: error.errors, status: .unprocessableContent)
            }
            var created: Int?
            if !dryRun {
                created = try await parsed.save(to: store)
                context.logger.notice("contacts imported", metadata: ["rows": "\(parsed.rows.count)", "refused": "\(parsed.refused.count)", "actor": "\(viewer.actor)"])
            }
            return importPage(viewer, text: parsed.refused.isEmpty ? nil : text, dryRun: dryRun, result: (parsed, created),
                status: parsed.refused.isEmpty ? .ok : .unprocessableContent)
        }

        console.page("people/subscribers") { request, _, viewer in
            let stateText = request.uri.queryParameters.get("state")
            let state = stateText.flatMap(Subscription.State.init(rawValue:))
            let path = ScreenKit.query("/console/people/subscribers", [("state", state?.rawValue)])
            guard let pageRequest = ScreenKit.pageRequest(request), let page = try? await store.subscriptions(state: state, page: pageRequest) else {
                return ScreenKit.badQuery(viewer, .people, .peopleSubscribers, path: "/console/people/subscribers")
            }
            let rows = page.items.map { subscription -> [String] in
                let remove = subscription.state == .unsubscribed || !viewer.may(.admin) ? "" :
                    ConsoleForm(action: "/console/people/subscribers/\(subscription.id)/remove", csrf: viewer.csrfToken, style: .inline)
                        .submit(viewer.text(.peopleRemoveSubscriber), style: .danger).html
                return [
                    HTML.escape(subscription.kind == .email ? subscription.email : (subscription.webhookURL ?? subscription.email)),
                    HTML.escape(subscription.kind.rawValue),
                    "<span class=\"pill \(subscription.state == .confirmed ? "on" : "off")\">\(viewer.text(subscriberState(subscription.state)))</span>",
                    subscription.components.isEmpty ? viewer.text(.peopleAllComponents) : HTML.escape(subscription.components.joined(separator: ", ")),
                    ConsoleTime.element(subscription.createdAt, viewer.zone), remove,
                ]
            }
            let filters = ([nil] + Subscription.State.allCases).map { option -> String in
                let label = option.map { viewer.text(subscriberState($0)) } ?? viewer.text(.peopleAll)
                let href = ScreenKit.query("/console/people/subscribers", [("state", option?.rawValue)])
                return "<a href=\"\(HTML.escape(href))\"\(option == state ? " aria-current=\"true\"" : "")>\(HTML.escape(label))</a>"
            }.joined(separator: " ")
            let table = ConsoleTable(
                caption: viewer.text(.peopleSubscribers),
                headers: [viewer.text(.peopleAddresses), viewer.text(.peopleKind), viewer.text(.columnStatus), viewer.text(.columnComponent), viewer.text(.columnCreated), viewer.text(.columnActions)],
                rows: rows, empty: viewer.text(.peopleNoSubscribers))
            let body = links(viewer) + "<nav class=\"filters\" aria-label=\"\(viewer.text(.screenFilters))\">\(filters)</nav>" + table.html
                + ConsolePager(path: path, next: page.next, isFirst: request.uri.queryParameters.get("cursor") == nil).html(viewer)
            return ConsolePage(title: viewer.text(.peopleSubscribers), section: .people, body: body, banner: ConsoleBanner.done(request, viewer, messages))
                .response(viewer)
        }

        // As the subscriber's own unsubscribe link does.
        console.action("people/subscribers/:id/remove", role: .admin) { _, context, viewer, _ in
            let id = context.parameters.get("id") ?? ""
            guard (try? await store.removeSubscription(id: id)) != nil else { return ScreenKit.notFound(viewer, .people, .peopleSubscribers) }
            context.logger.notice("subscriber removed", metadata: ["subscription": "\(id)", "actor": "\(viewer.actor)"])
            return ConsoleResponse.redirect(to: "/console/people/subscribers?done=removed")
        }
    }

    static func subscriberState(_ state: Subscription.State) -> Phrase {
        switch state {
        case .pending: .peopleSubscriberPending
        case .confirmed: .peopleSubscriberConfirmed
        case .unsubscribed: .peopleSubscriberGone
        }
    }

    static func links(_ viewer: ConsoleViewer) -> String {
        var items = [
            ("/console/people", viewer.text(.peopleContacts)), ("/console/people/groups", viewer.text(.peopleGroups)),
            ("/console/people/subscribers", viewer.text(.peopleSubscribers)),
        ]
        if viewer.may(.admin) {
            items += [("/console/people/import", viewer.text(.peopleImport)), ("/console/users", viewer.text(.usersTitle))]
        }
        return "<nav class=\"subnav\" aria-label=\"\(viewer.text(.navPeople))\"><ul>"
            + items.map { "<li><a href=\"\($0.0)\">\(HTML.escape($0.1))</a></li>" }.joined() + "</ul></nav>"
    }

    static func addresses(_ contact: Contact) -> String {
        contact.addresses.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "<span class=\"meta\">\(HTML.escape($0.key.rawValue))</span> \(HTML.escape($0.value))" }.joined(separator: "<br>")
    }

    /// The edit form as a JSON Merge Patch of the contact: an emptied address is removed.
    static func patch(_ form: ConsoleFormData) -> JSONValue {
        var addresses: [String: JSONValue] = [:]
        for kind in Channels.catalogue.kinds {
            let value = form["address.\(kind.rawValue)"] ?? ""
            addresses[kind.rawValue] = value.isEmpty ? .null : .string(value)
        }
        let groups = (form["groups"] ?? "").split(whereSeparator: { $0 == ";" || $0 == "," || $0 == "；" || $0 == " " })
            .map { JSONValue.string(String($0)) }
        let quiet = form["quiet_hours"] ?? ""
        return .object([
            "name": .string(form["name"] ?? ""), "language": .string(form["language"] ?? ""), "time_zone": .string(form["time_zone"] ?? ""),
            "groups": .array(groups), "quiet_hours": quiet.isEmpty ? .null : .string(quiet), "addresses": .object(addresses),
        ])
    }

    static func contactPage(
        _ viewer: ConsoleViewer, _ contact: Contact, banner: ConsoleBanner?, typed: ConsoleFormData? = nil, problems: [String: String] = [:],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var body = links(viewer) + """
            <dl class="figures">\
            <div><dt>\(viewer.text(.peopleAddresses))</dt><dd>\(addresses(contact))</dd></div>\
            <div><dt>\(viewer.text(.peopleGroups))</dt><dd>\(HTML.escape(contact.groups.isEmpty ? "—" : contact.groups.joined(separator: ", ")))</dd></div>\
            <div><dt>\(viewer.text(.accountZone))</dt><dd>\(HTML.escape(contact.timeZone))</dd></div>\
            <div><dt>\(viewer.text(.peopleQuietHours))</dt><dd>\(HTML.escape(contact.quietHours?.text ?? "—"))</dd></div>\
            <div><dt>\(viewer.text(.accountLanguage))</dt><dd>\(HTML.escape(contact.language.text(.languageName)))</dd></div>\
            <div><dt>\(viewer.text(.peopleConsent))</dt><dd>\(viewer.text(contact.consent == .granted ? .yes : .no))</dd></div>\
            <div><dt>\(viewer.text(.columnCreated))</dt><dd>\(ConsoleTime.element(contact.createdAt, viewer.zone))</dd></div></dl>
            """
        if viewer.may(.admin) {
            func value(_ key: String, _ current: String?) -> String? { typed?.raw(key) ?? current }
            var form = ConsoleForm(action: "/console/people/contacts/\(contact.id)", csrf: viewer.csrfToken)
                .field(.text("name", label: viewer.text(.fieldName), value: value("name", contact.name), error: problems["name"], required: true, autocomplete: "off"))
                .field(.select("language", label: viewer.text(.accountLanguage), options: Language.allCases.map { ($0.rawValue, $0.text(.languageName)) },
                    selected: value("language", contact.language.rawValue), error: problems["language"]))
                .field(.text("time_zone", label: viewer.text(.accountZone), value: value("time_zone", contact.timeZone), error: problems["time_zone"]))
                .field(.text("groups", label: viewer.text(.peopleGroups), value: value("groups", contact.groups.joined(separator: "; ")),
                    error: problems.first { $0.key.hasPrefix("groups") }?.value, help: viewer.text(.peopleGroupsHelp)))
                .field(.text("quiet_hours", label: viewer.text(.peopleQuietHours), value: value("quiet_hours", contact.quietHours?.text),
                    error: problems["quiet_hours"], help: viewer.text(.peopleQuietHoursHelp)))
            for kind in Channels.catalogue.kinds {
                form = form.field(.text(
                    "address.\(kind.rawValue)", label: viewer.text(.peopleAddressOn, ["channel": kind.rawValue]),
                    value: value("address.\(kind.rawValue)", contact.addresses[kind]),
                    error: problems["addresses.\(kind.rawValue)"] ?? (kind == Channels.catalogue.kinds.first ? problems["addresses"] : nil), autocomplete: "off"))
            }
            let shown = Set(["name", "language", "time_zone", "quiet_hours", "addresses"] + Channels.catalogue.kinds.map { "addresses.\($0.rawValue)" })
            let erase = ConsoleForm(action: "/console/people/contacts/\(contact.id)/delete", csrf: viewer.csrfToken)
                .raw("<p class=\"help\">\(viewer.text(.peopleDeleteHelp))</p>")
                .raw("<button type=\"submit\" class=\"button danger\" data-confirm=\"\(HTML.escape(viewer.text(.peopleDeleteConfirm, ["name": contact.name])))\">\(viewer.text(.peopleDelete))</button>")
            body += ScreenKit.card(viewer.text(.peopleEdit), ScreenKit.otherProblems(problems.filter { !$0.key.hasPrefix("groups") }, shown: shown)
                + form.submit(viewer.text(.catalogueSave)).html)
                + ScreenKit.card(viewer.text(.peopleDelete), erase.html)
        }
        return ConsolePage(title: contact.name, section: .people, body: body, banner: banner, status: status).response(viewer)
    }

    static func importPage(
        _ viewer: ConsoleViewer, text: String?, dryRun: Bool, result: (ContactImport, Int?)?, fileProblems: [FieldError] = [],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var body = links(viewer)
        var banner: ConsoleBanner?
        if !fileProblems.isEmpty {
            banner = .error(viewer.text(.peopleImportFileRefused))
            body += "<ul class=\"problems\">" + fileProblems.map { "<li><code>\(HTML.escape($0.field))</code> \(HTML.escape($0.reason(in: viewer.language)))</li>" }.joined() + "</ul>"
        }
        if let (parsed, created) = result {
            let counts = ["rows": String(parsed.rows.count), "refused": String(parsed.refused.count)]
            if let created {
                banner = parsed.refused.isEmpty ? .done(viewer.text(.peopleImported, counts.merging(["new": String(created)]) { a, _ in a }))
                    : .error(viewer.text(.peopleImportedSome, counts.merging(["new": String(created)]) { a, _ in a }))
            } else {
                banner = parsed.refused.isEmpty ? .done(viewer.text(.peopleImportChecked, counts)) : .error(viewer.text(.peopleImportCheckedSome, counts))
            }
            let rows = parsed.refused.flatMap { refusal in
                refusal.errors.map { [String(refusal.line), "<code>\(HTML.escape($0.field))</code>", HTML.escape($0.reason(in: viewer.language))] }
            }
            if !rows.isEmpty {
                body += ScreenKit.card(viewer.text(.peopleImportRefused), ConsoleTable(
                    caption: viewer.text(.peopleImportRefused), headers: [viewer.text(.peopleLine), viewer.text(.peopleField), viewer.text(.peopleProblem)],
                    rows: rows, empty: "").html, wide: true)
            }
        }
        let form = ConsoleForm(action: "/console/people/import", csrf: viewer.csrfToken)
            .field(ScreenKit.area("csv", label: viewer.text(.peopleImportCSV), value: text, help: viewer.text(.peopleImportHelp), rows: 12, required: true))
            .raw("<div class=\"field check\"><input id=\"f-dry_run\" name=\"dry_run\" type=\"checkbox\"\(dryRun ? " checked" : "")><label for=\"f-dry_run\">\(viewer.text(.peopleImportDryRun))</label></div>")
            .submit(viewer.text(.peopleImportSubmit))
        body += ScreenKit.card(viewer.text(.peopleImport), form.html, wide: true)
        return ConsolePage(title: viewer.text(.peopleImport), section: .people, body: body, banner: banner, status: status).response(viewer)
    }
}
