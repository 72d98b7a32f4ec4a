import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

/// `/console/audit` (admin): the audit log, newest first, filtered by actor, action, target and
/// period (days in the viewer's zone), a page at a time. It only reads; `herald audit verify` checks it.
enum AuditScreen {
    static func add(to console: Console) {
        let store = console.store
        console.page("audit", role: .admin) { request, _, viewer in
            let query = request.uri.queryParameters
            func value(_ name: String) -> String? { query.get(name).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } }
            var problems: [String: String] = [:]
            func dayFilter(_ name: String, plus days: Int = 0) -> Date? {
                guard let text = value(name) else { return nil }
                guard let start = AuditScreen.day(text, viewer.zone) else {
                    problems[name] = viewer.text(.auditBadDay)
                    return nil
                }
                return AuditScreen.calendar(viewer.zone).date(byAdding: .day, value: days, to: start)
            }
            let filter = AuditFilter(
                actor: value("actor"), action: value("action"), targetKind: value("target_kind"), targetID: value("target_id"),
                from: dayFilter("from"), until: dayFilter("until", plus: 1))
            let fields = ["actor", "action", "target_kind", "target_id", "from", "until"]
            let path = ScreenKit.query("/console/audit", fields.map { ($0, value($0)) })
            guard problems.isEmpty else {
                return ConsolePage(
                    title: viewer.text(.navAudit), section: .audit, body: form(viewer, value, problems), banner: .error(viewer.text(.formHasProblems)),
                    status: .unprocessableContent
                ).response(viewer)
            }
            guard let pageRequest = ScreenKit.pageRequest(request), let page = try? await store.auditEvents(page: pageRequest, filter: filter) else {
                return ScreenKit.badQuery(viewer, .audit, .navAudit, path: "/console/audit")
            }
            let rows = page.items.map { event -> [String] in
                let entry = event.entry
                return [
                    String(entry.sequence), ConsoleTime.element(entry.at, viewer.zone),
                    HTML.escape(entry.actor) + (entry.role.map { " <span class=\"meta\">\(HTML.escape($0))</span>" } ?? ""),
                    HTML.escape(entry.client ?? "—"), HTML.escape(entry.action), HTML.escape("\(entry.targetKind) \(entry.targetID)"),
                    changeText(entry) ,
                ]
            }
            let table = ConsoleTable(
                caption: viewer.text(.navAudit),
                headers: [
                    viewer.text(.auditSequence), viewer.text(.catalogueWhen), viewer.text(.auditActor), viewer.text(.auditClient),
                    viewer.text(.auditAction), viewer.text(.auditTarget), viewer.text(.auditChange),
                ],
                rows: rows, empty: viewer.text(.auditNone))
            let body = form(viewer, value, [:]) + "<p class=\"meta\">\(viewer.text(.auditVerifyNote))</p>" + table.html
                + ConsolePager(path: path, next: page.next, isFirst: query.get("cursor") == nil).html(viewer)
            return ConsolePage(title: viewer.text(.navAudit), section: .audit, body: body).response(viewer)
        }
    }

    /// The filters, a GET form so a filtered list is a link.
    static func form(_ viewer: ConsoleViewer, _ value: (String) -> String?, _ problems: [String: String]) -> String {
        let inputs = [
            ConsoleField.text("actor", label: viewer.text(.auditActor), value: value("actor"), help: viewer.text(.auditActorHelp)),
            ConsoleField.text("action", label: viewer.text(.auditAction), value: value("action")),
            ConsoleField.text("target_kind", label: viewer.text(.auditTargetKind), value: value("target_kind")),
            ConsoleField.text("target_id", label: viewer.text(.auditTargetID), value: value("target_id")),
            ConsoleField.text("from", label: viewer.text(.auditFrom), value: value("from"), type: "date", error: problems["from"]),
            ConsoleField.text("until", label: viewer.text(.auditUntil), value: value("until"), type: "date", error: problems["until"]),
        ].map(\.html).joined()
        return """
            <form method="get" action="/console/audit" class="form inline labelled">\(inputs)\
            <button type="submit" class="button secondary">\(viewer.text(.auditFilter))</button></form>
            """
    }

    /// `field: before → after`, one per line; secrets are already masked in the entry.
    static func changeText(_ entry: AuditEntry) -> String {
        let fields = entry.change.fields.keys.sorted().map { name -> String in
            let field = entry.change.fields[name]!
            let show = { (value: JSONValue?) in value.map { String(CanonicalJSON.write($0).prefix(80)) } ?? "∅" }
            return HTML.escape("\(name): \(show(field.before)) → \(show(field.after))")
        }
        let lines = fields + [entry.detail.map(HTML.escape)].compactMap { $0 }
        return lines.isEmpty ? "—" : lines.joined(separator: "<br>")
    }

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// Midnight of a `YYYY-MM-DD` day in `zone`.
    static func day(_ text: String, _ zone: TimeZone) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10 else { return nil }
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        let calendar = Self.calendar(zone)
        // 2026-02-30 is not a day, though Calendar would roll it over to March.
        guard let date = calendar.date(from: components) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == parts[0], back.month == parts[1], back.day == parts[2] else { return nil }
        return date
    }
}

