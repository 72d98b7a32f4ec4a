import Foundation
import HeraldCore

/// The deliveries screen's report card: per channel over the last 30 days, what was queued, the
/// success rate as a number and a bar, p50/p95 to sent and to confirmed, fallbacks and cost — the
/// figures `GET /api/v1/analytics/deliveries` gives, server-rendered (an SVG bar, no script).
enum DeliveryReportCard {
    static let days = 30.0

    static func html(_ rows: [DeliveryReportRow], since: Date, currency: String, viewer: ConsoleViewer) -> String {
        let table = ConsoleTable(
            caption: viewer.text(.deliveriesReport),
            headers: [
                viewer.text(.deliveriesChannel), viewer.text(.deliveriesQueued), viewer.text(.deliveriesSuccess), viewer.text(.deliveriesToSent),
                viewer.text(.deliveriesToConfirmed), viewer.text(.deliveriesFallbacks), viewer.text(.deliveriesCost),
            ],
            rows: rows.map { row in
                [
                    "<code>\(HTML.escape(row.channel.rawValue))</code>", String(row.queued), success(row, viewer),
                    latency(row.toSent, viewer), latency(row.toConfirmed, viewer), String(row.fallbacks),
                    HTML.escape(String(format: "%.2f %@", row.cost, currency)),
                ]
            },
            empty: viewer.text(.deliveriesNoReport))
        let note = "<p class=\"meta\">\(viewer.text(.deliveriesReportSince, ["start": ConsoleTime.element(since, viewer.zone)]))</p>"
        return ScreenKit.card(viewer.text(.deliveriesReport), note + table.html, wide: true)
    }

    /// "97 %" with a bar as long as the rate; a dash while nothing settled.
    static func success(_ row: DeliveryReportRow, _ viewer: ConsoleViewer) -> String {
        guard let rate = row.successRate else { return "—" }
        let percent = Int((rate * 100).rounded(.down))
        let width = Int((rate * 80).rounded())
        let tone = rate >= 0.99 ? "good" : rate >= 0.9 ? "warn" : "bad"
        return """
            \(percent)%<svg class="rate" width="80" height="8" viewBox="0 0 80 8" aria-hidden="true" focusable="false">\
            <rect class="rate-track" width="80" height="8" rx="2"/><rect class="rate-\(tone)" width="\(width)" height="8" rx="2"/></svg>
            """
    }

    static func latency(_ figures: LatencyFigures, _ viewer: ConsoleViewer) -> String {
        guard let p50 = figures.p50, let p95 = figures.p95 else { return "—" }
        return HTML.escape("\(duration(p50, viewer)) / \(duration(p95, viewer))")
    }

    /// Seconds to a tenth under a minute and a half, else minutes to a tenth.
    static func duration(_ seconds: Double, _ viewer: ConsoleViewer) -> String {
        seconds < 90
            ? viewer.text(.deliveriesSeconds, ["value": String(format: "%.1f", seconds)])
            : viewer.text(.deliveriesMinutes, ["value": String(format: "%.1f", seconds / 60)])
    }
}
