import HeraldApp
import Foundation
import HeraldCore

/// The public status page, server-rendered: works without JavaScript, reads on a phone, and escapes
/// everything operators wrote.
struct StatusPageHTML {
    let snapshot: PublicSnapshot
    let settings: StatusPageSettings
    let language: Language
    /// A feedback form sent back with problems: shown again as typed, the problems above it.
    var feedback: FeedbackDraft?

    /// What a reader typed into the feedback form, and what was wrong with it.
    struct FeedbackDraft {
        var name: String?
        var contact: String?
        var message: String
        var errors: [FieldError]
    }

    init(snapshot: PublicSnapshot, settings: StatusPageSettings, language: Language, feedback: FeedbackDraft? = nil) {
        self.snapshot = snapshot
        self.settings = settings
        self.language = language
        self.feedback = feedback
    }

    var zone: TimeZone { settings.timeZone }
    var zh: Bool { language == .zhCN }

    func h(_ text: String) -> String { HTML.escape(text) }
    func text(_ phrase: Phrase, _ values: [String: String] = [:]) -> String { language.text(phrase, values) }
    func when(_ date: Date, in zone: TimeZone? = nil) -> String { h(PublicTime.readable(date, zone ?? self.zone)) }
    /// A maintenance's times are the notice's, in the zone its author wrote them in (the page's zone
    /// if that one is unknown).
    func zone(of item: PublicMaintenance) -> TimeZone { TimeZone(identifier: item.notice.content.timeZone) ?? zone }
    var lang: String { "lang=\(language.rawValue)" }

    /// Plain text with line breaks kept, escaped.
    func paragraph(_ text: String) -> String {
        h(text).replacingOccurrences(of: "\n", with: "<br>")
    }

    func document(title: String, body: String) -> String {
        let other: Language = zh ? .en : .zhCN
        return """
            <!doctype html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="icon" href="data:,">
            <title>\(h(title))</title>
            <link rel="alternate" type="application/atom+xml" title="Atom" href="/feed.atom">
            <link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.rss">
            <style>\(Self.style)</style></head>
            <body><header><a class="home" href="/?\(lang)">\(h(settings.name(language)))</a>
            <nav class="top"><a class="subscribe" href="/subscribe?\(lang)">\(text(.subscribeToUpdates))</a>
            <a class="switch" href="?lang=\(other.rawValue)" hreflang="\(other.rawValue)" lang="\(other.rawValue)">\(other.text(.languageName))</a></nav></header>
            <main>\(body)</main>
            <footer><nav aria-label="\(text(.subscribeAndData))">
            <a href="/subscribe?\(lang)">\(text(.subscribeToUpdates))</a> · <a href="/history?\(lang)">\(text(.history))</a> ·
            <a href="/feed.atom">Atom</a> · <a href="/feed.rss">RSS</a> · <a href="/maintenance.ics">\(text(.maintenanceCalendar))</a> ·
            <a href="/cap.xml">CAP</a> · <a href="/api/v2/summary.json">JSON</a></nav></footer>
            </body></html>
            """
    }

    static let style = """
        body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:52rem;margin:0 auto;padding:1rem;\
        line-height:1.55;color:#1d2433}
        header{display:flex;justify-content:space-between;align-items:center;margin-bottom:1rem}
        .home{font-size:1.3rem;font-weight:600;color:inherit;text-decoration:none}
        .banner{padding:1rem;border-radius:.5rem;color:#fff;font-size:1.15rem;font-weight:600}
        .none{background:#2e7d32}.minor{background:#b7791f}.major{background:#c05621}.critical{background:#c53030}.maintenance{background:#2b6cb0}
        section{margin:1.5rem 0}h2{font-size:1.1rem;border-bottom:1px solid #d8dde6;padding-bottom:.25rem}
        article{border:1px solid #d8dde6;border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0}
        article h3{margin:.1rem 0;font-size:1rem}.meta{color:#4a5568;font-size:.9rem}
        ol.updates{list-style:none;padding:0}ol.updates li{margin:.5rem 0}
        .postmortem{border-left:4px solid #2b6cb0;background:#f4f8fd;padding:.25rem 1rem;border-radius:.25rem}
        .component{display:flex;justify-content:space-between;gap:1rem;padding:.4rem 0;border-bottom:1px solid #edf0f5}
        .status-operational{color:#2e7d32}.status-degraded_performance{color:#b7791f}.status-partial_outage{color:#c05621}
        .status-major_outage{color:#c53030}.status-under_maintenance{color:#2b6cb0}
        .bars{display:flex;gap:1px;height:1.6rem;margin:.2rem 0 .6rem}.bars span{flex:1;border-radius:1px;background:#cbd5e0}
        .bars .d-operational{background:#48bb78}.bars .d-under_maintenance{background:#4299e1}.bars .d-degraded_performance{background:#ecc94b}
        .bars .d-partial_outage{background:#ed8936}.bars .d-major_outage{background:#e53e3e}
        .uptime{font-size:.8rem;color:#4a5568;display:flex;justify-content:space-between}
        footer{margin-top:2rem;font-size:.9rem;color:#4a5568}
        nav.top{display:flex;gap:.9rem;align-items:center;flex-wrap:wrap;justify-content:flex-end}
        .subscribe{font-weight:600}
        .problems{border-left:4px solid #c53030;background:#fff5f5;color:#742a2a;padding:.5rem .75rem .5rem 1.75rem;border-radius:.25rem}
        [aria-invalid="true"]{outline:2px solid #c53030}
        input,textarea,select{font:inherit;max-width:100%;box-sizing:border-box}textarea{width:100%}
        @media (prefers-color-scheme: dark){body{background:#171923;color:#e2e8f0}article,.component{border-color:#2d3748}\
        .postmortem{background:#1a2536}}
        """

    // MARK: Pages

    func home() -> String {
        let overall = snapshot.overall
        var body = "<p class=\"banner \(overall.indicator.rawValue)\" role=\"status\">\(h(overall.description(language)))</p>"
        let active = snapshot.unresolvedIncidents
        if !active.isEmpty {
            body += "<section><h2>\(text(.activeIncidents))</h2>" + active.map { incidentCard($0, full: true) }.joined() + "</section>"
        }
        if !snapshot.activeMaintenances.isEmpty {
            body += "<section><h2>\(text(.maintenanceInProgress))</h2>"
                + snapshot.activeMaintenances.map { maintenanceCard($0) }.joined() + "</section>"
        }
        if !snapshot.upcomingMaintenances.isEmpty {
            body += "<section><h2>\(text(.upcomingMaintenance))</h2>"
                + snapshot.upcomingMaintenances.map { maintenanceCard($0) }.joined() + "</section>"
        }
        body += "<section><h2>\(text(.components))</h2>\(componentList())</section>"
        return document(title: settings.name(language), body: body)
    }

    func componentList() -> String {
        var html = ""
        let ungrouped = snapshot.components.filter { component in !snapshot.groups.contains { $0.id == component.groupID } }
        for group in snapshot.groups {
            let members = snapshot.components.filter { $0.groupID == group.id }
            guard !members.isEmpty else { continue }
            html += "<h3>\(h(group.name(in: language)))</h3>" + members.map(componentRow).joined()
        }
        return html + ungrouped.map(componentRow).joined()
    }

    func componentRow(_ component: Component) -> String {
        let days = Uptime.days(
            changes: snapshot.history[component.id] ?? [], current: component.status, createdAt: component.createdAt,
            now: snapshot.generatedAt, days: 90, zone: zone)
        let bars = days.map { day -> String in
            let date = day.start.formatted(Date.ISO8601FormatStyle(timeZone: zone).year().month().day())
            guard let worst = day.worst, let uptime = day.uptime else {
                return "<span title=\"\(date) \(text(.noData))\"></span>"
            }
            return "<span class=\"d-\(worst.rawValue)\" title=\"\(date) \(h(worst.label(language))) \(Self.percent(uptime))\"></span>"
        }.joined()
        let overall = Uptime.overall(days).map { Self.percent($0) } ?? "—"
        return """
            <div class="component"><span>\(h(component.name(in: language)))</span>\
            <span class="status-\(component.status.rawValue)">\(h(component.status.label(language)))</span></div>
            <div class="bars" role="img" aria-label="\(text(.uptimePast90Days)) \(overall)">\(bars)</div>
            <div class="uptime"><span>\(text(.ninetyDaysAgo))</span><span>\(overall)</span><span>\(text(.today))</span></div>
            """
    }

    static func percent(_ value: Double) -> String {
        String(format: "%.2f%%", (value * 100 * 100).rounded(.down) / 100)
    }

    func componentNames(_ ids: [String]) -> String {
        ids.map { id in snapshot.components.first { $0.id == id }?.name(in: language) ?? id }.map(h).joined(separator: language.listSeparator)
    }

    func incidentStatus(_ status: String) -> String { language.statusLabel(status) }

    /// A maintenance's updates, its cancellation labelled as one (Statuspage files it as completed).
    func maintenanceUpdates(_ item: PublicMaintenance) -> String {
        let cancellations = Set(item.updates.filter { $0.step == .cancellation }.map { "\(item.notice.id)-\($0.id)" })
        return updatesList(item.publicUpdates(language), zone: zone(of: item)) {
            cancellations.contains($0.id) ? text(.cancelled) : incidentStatus($0.status)
        }
    }

    func updatesList(_ updates: [PublicUpdate], zone: TimeZone? = nil, label: ((PublicUpdate) -> String)? = nil) -> String {
        "<ol class=\"updates\">" + updates.reversed().map { update in
            "<li><strong>\(h(label?(update) ?? incidentStatus(update.status)))</strong> — \(paragraph(update.body)) <span class=\"meta\">\(when(update.at, in: zone))</span></li>"
        }.joined() + "</ol>"
    }

    func incidentCard(_ item: PublicIncident, full: Bool) -> String {
        let incident = item.incident
        let updates = item.publicUpdates(language)
        let shown = full ? updates : Array(updates.suffix(1))
        let components = incident.components.isEmpty ? "" : " · \(text(.affects)): \(componentNames(incident.components))"
        return """
            <article><h3><a href="/incidents/\(h(incident.id))?\(lang)">\(h(incident.title))</a></h3>
            <p class="meta">\(h(incidentStatus(item.publicStatus))) · \(when(incident.createdAt))\(components)</p>\(updatesList(shown))</article>
            """
    }

    func window(_ item: PublicMaintenance) -> String {
        let zone = zone(of: item)
        let end = item.end.map { when($0, in: zone) } ?? text(.toBeAnnounced)
        return "\(when(item.start, in: zone)) – \(end)"
    }

    /// A cancelled maintenance says so, not "completed · cancelled".
    func state(_ item: PublicMaintenance) -> String {
        item.notice.state == .cancelled ? "<strong>\(text(.cancelled))</strong>" : h(incidentStatus(item.status))
    }

    /// Why it was cancelled, when the operator said.
    func cancellation(_ item: PublicMaintenance) -> String {
        guard item.notice.state == .cancelled, let reason = item.notice.cancellationReason, !reason.isEmpty else { return "" }
        return "<dt>\(text(.cancellationReason))</dt><dd>\(paragraph(reason))</dd>"
    }

    func maintenanceCard(_ item: PublicMaintenance) -> String {
        let content = item.notice.content
        let latest = item.publicUpdates(language).last
        let cancelled = item.notice.state == .cancelled ? " · \(text(.cancelled))" : ""
        return """
            <article><h3><a href="/maintenance/\(h(item.notice.id))?\(lang)">\(h(content.title.text(for: language) ?? ""))</a></h3>
            <p class="meta">\(window(item)) · \(text(.affects)): \(componentNames(content.components))\(cancelled)</p>
            \(latest.map { "<p>\(paragraph($0.body))</p>" } ?? "<p>\(paragraph(content.impact.text(for: language) ?? ""))</p>")</article>
            """
    }

    func history() -> String {
        let incidents = snapshot.incidents.map { incidentCard($0, full: false) }.joined()
        let maintenances = snapshot.maintenances.map { maintenanceCard($0) }.joined()
        let body = """
            <h1>\(text(.history))</h1>
            <section><h2>\(text(.incidents))</h2>\(incidents.isEmpty ? "<p>\(text(.noIncidentsReported))</p>" : incidents)</section>
            <section><h2>\(text(.maintenance))</h2>\(maintenances.isEmpty ? "<p>\(text(.noMaintenance))</p>" : maintenances)</section>
            """
        return document(title: text(.history) + " · " + settings.name(language), body: body)
    }

    func incidentPage(_ item: PublicIncident) -> String {
        let incident = item.incident
        let components = incident.components.isEmpty ? "" : "<p>\(text(.affects)): \(componentNames(incident.components))</p>"
        let body = """
            <h1>\(h(incident.title))</h1>
            <p class="meta">\(h(incidentStatus(item.publicStatus))) · \(text(.startedAt)) \(when(incident.createdAt))\
            \(incident.resolvedAt.map { " · \(text(.resolvedAt)) \(when($0))" } ?? "")</p>
            \(components)\(postmortem(item))\(updatesList(item.publicUpdates(language)))\(feedbackForm(field: "incident", id: incident.id))
            """
        return document(title: incident.title, body: body)
    }

    /// The postmortem published for the public, above the updates it looks back on.
    func postmortem(_ item: PublicIncident) -> String {
        guard let postmortem = item.postmortem(language) else { return "" }
        return """
            <section class="postmortem" aria-labelledby="postmortem"><h2 id="postmortem">\(text(.publicPostmortemHeading))</h2>\
            <p class="meta">\(text(.publicPostmortemPublished, ["at": when(postmortem.at)]))</p><p>\(paragraph(postmortem.body))</p></section>
            """
    }

    func maintenancePage(_ item: PublicMaintenance) -> String {
        let content = item.notice.content
        func field(_ label: String, _ text: LocalizedText) -> String {
            guard let value = text.text(for: language), !value.isEmpty else { return "" }
            return "<dt>\(label)</dt><dd>\(paragraph(value))</dd>"
        }
        let contact = content.contact.map { contact in
            "<dt>\(text(.contact))</dt><dd>" + ([contact.name, contact.phone, contact.email, contact.url].compactMap { $0 }.map(h)
                .joined(separator: " · ")) + "</dd>"
        } ?? ""
        let body = """
            <h1>\(h(content.title.text(for: language) ?? ""))</h1>
            <p class="meta">\(state(item)) · \(window(item))</p>
            <dl>\(cancellation(item))<dt>\(text(.affectedServices))</dt><dd>\(componentNames(content.components))</dd>
            \(field(text(.reason), content.reason))\(field(text(.impact), content.impact))\
            \(field(text(.precautions), content.precautions))\(contact)</dl>
            \(maintenanceUpdates(item))\(feedbackForm(field: "notice", id: item.notice.id))
            """
        return document(title: content.title.text(for: language) ?? "", body: body)
    }

    /// Where users ask a question or report a problem about this notice or incident.
    func feedbackForm(field: String, id: String) -> String {
        let errors = feedback?.errors ?? []
        let value = { (text: String?) in text.map { " value=\"\(self.h($0))\"" } ?? "" }
        return """
            <section id="feedback"><h2>\(text(.askOrReport))</h2>\(FormProblems.list(errors, in: language))
            <form method="post" action="/feedback?\(lang)"><input type="hidden" name="\(field)" value="\(h(id))">
            <p><label>\(text(.nameOptional)) <input name="name" maxlength="100" autocomplete="name"\(value(feedback?.name))\(FormProblems.invalid("name", errors))></label></p>
            <p><label>\(text(.contactOptional)) <input name="contact" maxlength="254"\(value(feedback?.contact))\(FormProblems.invalid("contact", errors))></label></p>
            <p><label>\(text(.yourMessage)) <textarea name="message" required maxlength="2000" rows="4"\(FormProblems.invalid("message", errors))>\(h(feedback?.message ?? ""))</textarea></label></p>
            <p><button type="submit">\(text(.send))</button></p></form></section>
            """
    }

    func feedbackThanks(_ subject: FeedbackTicket.Subject) -> String {
        let back = subject.kind == "notice" ? "/maintenance/\(h(subject.id))?\(lang)" : "/incidents/\(h(subject.id))?\(lang)"
        return document(title: text(.receivedTitle), body: """
            <h1>\(text(.thankYou))</h1><p>\(text(.feedbackReceived))</p>
            <p><a href="\(back)">\(text(.back))</a></p>
            """)
    }

    /// Feedback that names no notice or incident the public can see: nothing to show the form on.
    func feedbackRefused(_ errors: [FieldError]) -> String {
        document(title: text(.notSent), body: "<h1>\(text(.notSent))</h1>\(FormProblems.list(errors, in: language))"
            + "<p><a href=\"/?\(lang)\">\(text(.backToStatusPage))</a></p>")
    }

    func notFound() -> String {
        document(title: text(.notFound), body: "<h1>\(text(.notFound))</h1><p><a href=\"/?\(lang)\">\(text(.backToStatusPage))</a></p>")
    }
}
