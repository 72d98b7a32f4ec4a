import Foundation
import HeraldCore
import Hummingbird

/// The delivery report per channel: JSON, or CSV for a spreadsheet. Times are in seconds.
struct DeliveryReportResponse: ResponseGenerator, Sendable {
    var window: ReportWindow
    var rows: [DeliveryReportRow]

    static let columns = [
        "channel", "queued", "sent", "failed", "pending", "withdrawn", "fallbacks", "success_rate", "to_sent_count", "to_sent_p50_seconds",
        "to_sent_p95_seconds", "to_confirmed_count", "to_confirmed_p50_seconds", "to_confirmed_p95_seconds", "cost",
    ]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        if window.csv {
            func number(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "" }
            var text = CSV.line(Self.columns)
            for row in rows {
                text += CSV.line([
                    row.channel.rawValue, String(row.queued), String(row.sent), String(row.failed), String(row.pending), String(row.withdrawn),
                    String(row.fallbacks), number(row.successRate, "%.4f"), String(row.toSent.count), number(row.toSent.p50, "%.3f"),
                    number(row.toSent.p95, "%.3f"), String(row.toConfirmed.count), number(row.toConfirmed.p50, "%.3f"),
                    number(row.toConfirmed.p95, "%.3f"), String(format: "%.4f", row.cost),
                ])
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"herald-delivery-report.csv\""],
                body: .init(byteBuffer: .init(string: text)))
        }
        return try JSONResponse(DeliveryReportDocument(window: window, rows: rows)).response(from: request, context: context)
    }
}

/// The JSON shape of the delivery report; every key is always there (null when unknown).
struct DeliveryReportDocument: Encodable, Sendable {
    struct Latency: Encodable, Sendable {
        var count: Int
        @Nullable var p50_seconds: Double?
        @Nullable var p95_seconds: Double?

        init(_ figures: LatencyFigures) {
            count = figures.count
            p50_seconds = figures.p50
            p95_seconds = figures.p95
        }
    }
    struct Row: Encodable, Sendable {
        var channel: String
        var queued: Int
        var sent: Int
        var failed: Int
        var pending: Int
        var withdrawn: Int
        var fallbacks: Int
        /// Sent out of sent and failed.
        @Nullable var success_rate: Double?
        var to_sent: Latency
        var to_confirmed: Latency
        var cost: Double
    }
    var zone: String
    var since: String
    var until: String
    var channels: [Row]

    init(window: ReportWindow, rows: [DeliveryReportRow]) {
        zone = window.zone.identifier
        since = RFC3339.string(window.since, in: window.zone)
        until = RFC3339.string(window.until, in: window.zone)
        channels = rows.map {
            Row(
                channel: $0.channel.rawValue, queued: $0.queued, sent: $0.sent, failed: $0.failed, pending: $0.pending, withdrawn: $0.withdrawn,
                fallbacks: $0.fallbacks, success_rate: $0.successRate, to_sent: Latency($0.toSent), to_confirmed: Latency($0.toConfirmed),
                cost: $0.cost)
        }
    }
}
