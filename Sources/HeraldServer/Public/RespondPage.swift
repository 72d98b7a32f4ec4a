import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

/// The page a responder opens from a page: the incident, its alerts with the labels and details that
/// matter, the runbook, the timeline newest first, and forms that acknowledge, resolve, add a note or
/// escalate now. Everything written by others is escaped; the only styles are inline (the
/// Content-Security-Policy allows no script); one column on a phone, readable at 375 px.
struct RespondPage {
    /// A line above the page saying what the last action did, or what was wrong with it.
    struct Banner {
        var title: String
        var text: String
        var isError: Bool
    }

    var incident: Incident
    var alerts: [StoredAlert]
    var events: [IncidentEvent]
    var zone: TimeZone
    var language: Language
    var banner: Banner? = nil
    /// The note as typed, shown again when it was refused.
    var typedNote: String = ""

    static let maximumNote = 2000
    static let shownAlerts = 20
    static let shownEvents = 100

    var other: Language { language == .zhCN ? .en : .zhCN }
    /// Forms post back to this page in the language it was read in.
    var here: String { "?lang=\(language.rawValue)" }

    func time(_ date: Date) -> String { ReadableTime.string(date, zone) }

    var runbook: String? {
        ResponderDetails.runbook(route: incident.runbookURL, details: alerts.first?.annotations ?? [:])
    }

    func html(status: HTTPResponse.Status = .ok) -> Response {
        let page = """
            <!doctype html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(language.text(.respondTitle))) · \(HTML.escape(incident.title))</title>
            <style>\(Self.style)</style></head>
            <body><main>
            <header><span class="muted">\(HTML.escape(language.text(.respondTitle)))</span>
            <a class="switch" href="?lang=\(other.rawValue)" hreflang="\(other.rawValue)" lang="\(other.rawValue)">\(other.text(.languageName))</a></header>
            \(bannerHTML)
            \(summaryHTML)
            \(actionsHTML)
            \(alertsHTML)
            \(timelineHTML)
            </main></body></html>
            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    var bannerHTML: String {
        guard let banner else { return "" }
        return """
            <section class="banner \(banner.isError ? "error" : "done")" role="\(banner.isError ? "alert" : "status")">\
            <strong>\(HTML.escape(banner.title))</strong><p>\(HTML.escape(banner.text))</p></section>
            """
    }

    var stateText: String {
        incident.resolvedAt != nil
            ? language.text(.respondStateResolved)
            : incident.acknowledgedAt != nil
                ? language.text(.respondStateAcknowledged, ["who": incident.acknowledgedBy ?? ""])
                : language.text(.respondStateOpen)
    }

    var summaryHTML: String {
        let started = alerts.map(\.firstAt).min() ?? incident.createdAt
        var facts: [(Phrase, String)] = [
            (.respondStatus, "\(HTML.escape(language.statusLabel(incident.status.rawValue))) · \(HTML.escape(stateText))"),
            (.respondStarted, "<time>\(HTML.escape(time(started)))</time>"),
            (.respondIncidentID, "<code>\(HTML.escape(incident.id))</code>"),
        ]
        if let runbook {
            facts.append((.respondRunbook, "<a href=\"\(HTML.escape(runbook))\" rel=\"noopener noreferrer\">\(HTML.escape(runbook))</a>"))
        }
        let rows = facts.map { "<dt>\(HTML.escape(language.text($0.0)))</dt><dd>\($0.1)</dd>" }.joined()
        return """
            <section class="summary"><p><span class="sev sev-\(incident.severity.rawValue)">\(HTML.escape(language.text(.respondSeverity))): \
            \(HTML.escape(incident.severity.label(language)))</span></p>
            <h1>\(HTML.escape(incident.title))</h1><dl class="facts">\(rows)</dl></section>
            """
    }

    var actionsHTML: String {
        var buttons: [String] = []
        if incident.resolvedAt == nil, incident.acknowledgedAt == nil {
            buttons.append(form("acknowledge", button: .respondAcknowledge, class: "primary"))
        }
        if incident.resolvedAt == nil {
            buttons.append(form("resolve", button: .respondResolve, class: "good"))
        }
        let escalate =
            incident.resolvedAt == nil
            ? """
            <form method="post" action="\(here)" id="escalate" class="escalate"><input type="hidden" name="action" value="escalate">\
            <button type="submit" class="warn">\(HTML.escape(language.text(.respondEscalate)))</button>\
            <p class="muted">\(HTML.escape(language.text(.respondEscalateHelp)))</p></form>
            """ : ""
        return """
            <section class="act"><h2>\(HTML.escape(language.text(.respondActions)))</h2>
            <div class="buttons">\(buttons.joined())</div>
            <form method="post" action="\(here)" id="note"><input type="hidden" name="action" value="note">
            <label for="note-text">\(HTML.escape(language.text(.respondNoteLabel)))</label>
            <textarea id="note-text" name="note" rows="3" maxlength="\(Self.maximumNote)" required>\(HTML.escape(typedNote))</textarea>
            <button type="submit">\(HTML.escape(language.text(.respondNoteButton)))</button></form>
            \(escalate)</section>
            """
    }

    func form(_ action: String, button: Phrase, class style: String) -> String {
        """
        <form method="post" action="\(here)" id="\(action)"><input type="hidden" name="action" value="\(action)">\
        <button type="submit" class="\(style)">\(HTML.escape(language.text(button)))</button></form>
        """
    }

    var alertsHTML: String {
        let items = alerts.prefix(Self.shownAlerts).map(alertHTML).joined()
        let more =
            alerts.count > Self.shownAlerts
            ? "<p class=\"muted\">\(HTML.escape(language.text(.respondMoreAlerts, ["count": String(alerts.count - Self.shownAlerts)])))</p>" : ""
        return """
            <section><h2>\(HTML.escape(language.text(.respondAlerts, ["count": String(alerts.count)])))</h2>
            <ul class="alerts">\(items)</ul>\(more)</section>
            """
    }

    func alertHTML(_ alert: StoredAlert) -> String {
        let chosen = ResponderDetails.of(labels: alert.labels, details: alert.annotations)
        let labels =
            chosen.labels.isEmpty
            ? ""
            : "<ul class=\"labels\" aria-label=\"\(HTML.escape(language.text(.respondLabels)))\">"
                + chosen.labels.map { "<li>\(HTML.escape($0.name))=\(HTML.escape($0.value))</li>" }.joined() + "</ul>"
        let details =
            chosen.details.isEmpty
            ? ""
            : "<dl class=\"details\">" + chosen.details.map { "<dt>\(HTML.escape($0.name))</dt><dd>\(HTML.escape($0.value))</dd>" }.joined()
                + "</dl>"
        let more = chosen.omitted > 0 ? "<p class=\"muted\">\(HTML.escape(language.text(.respondMore, ["count": String(chosen.omitted)])))</p>" : ""
        let links = alert.links.filter { Validate.webURL($0, field: "link").isEmpty }.prefix(5)
            .map { "<li><a href=\"\(HTML.escape($0))\" rel=\"noopener noreferrer\">\(HTML.escape($0))</a></li>" }.joined()
        let fired = language.text(.respondAlertFired, ["first": time(alert.firstAt), "count": String(alert.events)])
        return """
            <li class="alert"><p><span class="tag tag-\(alert.status.rawValue)">\(HTML.escape(alert.status.label(language)))</span> \
            <strong>\(HTML.escape(alert.summary))</strong></p>
            <p class="muted">\(HTML.escape(fired))\(alert.source.map { " · " + HTML.escape($0) } ?? "")</p>
            \(labels)\(details)\(more)\(links.isEmpty ? "" : "<ul class=\"links\">\(links)</ul>")</li>
            """
    }

    var timelineHTML: String {
        let items = events.reversed().prefix(Self.shownEvents).map { event -> String in
            let mark = event.isPublic ? language.text(.respondPublic) : language.text(.respondInternal)
            return """
                <li class="\(event.isPublic ? "public" : "internal")"><p><time>\(HTML.escape(time(event.at)))</time> \
                <strong>\(HTML.escape(event.kind.label(language)))</strong> \
                <span class="tag \(event.isPublic ? "tag-public" : "")">\(HTML.escape(mark))</span></p>
                <p class="muted">\(HTML.escape(event.actor))</p>\(event.detail.map { "<p class=\"detail\">\(HTML.escape($0))</p>" } ?? "")</li>
                """
        }.joined()
        return "<section><h2>\(HTML.escape(language.text(.respondTimeline)))</h2><ol class=\"timeline\">\(items)</ol></section>"
    }

    static let style = """
        *{box-sizing:border-box}
        body{margin:0;background:#f3f4f7;color:#1c2230;font:16px/1.55 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
        main{max-width:46rem;margin:0 auto;padding:.75rem}
        header{display:flex;justify-content:space-between;align-items:center;padding:.25rem .25rem .75rem}
        a{color:#1a5fc8;overflow-wrap:anywhere}
        .switch{font-size:.9rem}
        h1{font-size:1.35rem;line-height:1.3;margin:.5rem 0 .75rem;overflow-wrap:anywhere}
        h2{font-size:1.05rem;margin:0 0 .6rem}
        p{margin:.2rem 0}
        section{background:#fff;border:1px solid #dde1e8;border-radius:12px;padding:1rem;margin:0 0 .85rem}
        .muted{color:#5a6373;font-size:.9rem}
        .sev{display:inline-block;padding:.1rem .6rem;border-radius:999px;font-size:.85rem;font-weight:600}
        .sev-high{background:#fde3e1;color:#a3150b}.sev-medium{background:#fff0d4;color:#7f4c00}.sev-low{background:#e2edfc;color:#1c4e8f}
        dl{margin:0;display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.3rem .8rem}
        dt{color:#5a6373}dd{margin:0;overflow-wrap:anywhere}
        code{font:.9rem ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere}
        .buttons{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.6rem;margin-bottom:.9rem}
        button{font:inherit;font-weight:600;width:100%;min-height:2.9rem;padding:.6rem 1rem;border-radius:9px;border:1px solid #c3cad6;background:#fff;color:#1c2230}
        button.primary{background:#1a5fc8;border-color:#1a5fc8;color:#fff}
        button.good{background:#157a3a;border-color:#157a3a;color:#fff}
        button.warn{background:#fff6e5;border-color:#d99a2b;color:#6b3f00}
        label{display:block;font-weight:600;margin-bottom:.3rem}
        textarea{display:block;width:100%;font:inherit;padding:.55rem;border:1px solid #c3cad6;border-radius:9px;margin-bottom:.5rem;resize:vertical}
        .escalate{margin-top:.9rem;padding-top:.9rem;border-top:1px solid #e6e9ef}
        .escalate p{margin-top:.35rem}
        ul.alerts,ol.timeline,ul.links{list-style:none;margin:0;padding:0}
        li.alert{padding:.7rem 0;border-top:1px solid #e6e9ef}li.alert:first-child{border-top:0;padding-top:0}
        ul.labels{list-style:none;display:flex;flex-wrap:wrap;gap:.3rem;margin:.4rem 0;padding:0}
        ul.labels li{background:#eef1f6;border-radius:6px;padding:0 .45rem;font:.82rem/1.7 ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere}
        dl.details{margin:.4rem 0;font-size:.92rem}
        .tag{display:inline-block;font-size:.75rem;font-weight:600;padding:0 .45rem;border-radius:5px;background:#eef1f6;color:#5a6373}
        .tag-triggered{background:#fde3e1;color:#a3150b}.tag-acknowledged{background:#fff0d4;color:#7f4c00}.tag-resolved{background:#dff3e6;color:#157a3a}
        .tag-public{background:#e2edfc;color:#1c4e8f}
        ol.timeline li{border-left:3px solid #d3d8e1;padding:0 0 .75rem .8rem;margin-left:.2rem}
        ol.timeline li.public{border-left-color:#1a5fc8}
        .detail{overflow-wrap:anywhere;white-space:pre-wrap}
        time{color:#5a6373;font-size:.88rem}
        .banner.done{border-color:#9fd5b0;background:#effaf2}.banner.error{border-color:#f0a9a3;background:#fff1f0}
        """
}
