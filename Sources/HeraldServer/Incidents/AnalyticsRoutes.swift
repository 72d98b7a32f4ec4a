import Foundation
import HeraldCore
import HeraldStore
import Hummingbird
import HummingbirdCore

extension AdminAPI {
    /// Response times (MTTA, MTTR, MTTD, time to mitigate) over the incidents of a period, and the
    /// delivery report per channel over the messages of a period, as JSON or CSV.
    mutating func addAnalyticsRoutes(store: Store) {
        on(.get, "/analytics/response", role: .viewer) { request, _ in
            let query = try ResponseQuery(request.uri.queryParameters, now: store.now())
            let incidents = try await store.incidents(openedFrom: query.since, until: query.until, kinds: query.kinds)
            let milestones = try await store.milestoneRecords(openedFrom: query.since, until: query.until)
            let rows = ResponseAnalytics.summarise(incidents, milestones: milestones, by: query.by, period: query.period, zone: query.zone)
            return ResponseReport(query: query, rows: rows)
        }
        on(.get, "/analytics/deliveries", role: .viewer) { request, _ in
            var errors: [FieldError] = []
            let window = ReportWindow(request.uri.queryParameters, now: store.now(), errors: &errors)
            if !errors.isEmpty { throw Problem.invalid(errors) }
            return DeliveryReportResponse(window: window, rows: try await store.deliveryReport(from: window.since, until: window.until))
        }
    }
}

/// The period, zone and format every analytics report reads: `since` and `until` (RFC 3339, the
/// last 90 days by default), `zone` and `format` (json or csv); problems are added to `errors`.
struct ReportWindow: Sendable {
    var zone = TimeZone(identifier: "UTC")!
    var since: Date
    var until: Date
    var csv = false

    /// The default window: the last 90 days.
    static let defaultDays = 90.0

    init(_ parameters: FlatDictionary<Substring, Substring>, now: Date, errors: inout [FieldError]) {
        func time(_ name: String, _ errors: inout [FieldError]) -> Date? {
            guard let text = parameters.get(name) else { return nil }
            if let date = RFC3339.parse(text) { return date }
            errors.append(FieldError(name, "must be an RFC 3339 time with its offset, e.g. 2026-11-01T00:00:00+08:00"))
            return nil
        }
        if let name = parameters.get("zone") {
            if let zone = TimeZone(identifier: name) { self.zone = zone } else { errors.append(FieldError("zone", "must be an IANA time zone, e.g. Asia/Shanghai")) }
        }
        if let format = parameters.get("format") {
            if format == "csv" || format == "json" { csv = format == "csv" } else { errors.append(FieldError("format", "must be json or csv")) }
        }
        until = time("until", &errors) ?? now
        since = time("since", &errors) ?? until.addingTimeInterval(-Self.defaultDays * 86_400)
        if since >= until { errors.append(FieldError("since", "must be before until")) }
    }
}

/// The response report's parameters, each checked, every problem reported at once.
struct ResponseQuery: Sendable {
    var by = ResponseAnalytics.Dimension.team
    var period = ResponseAnalytics.Period.month
    /// Real incidents, and drills or tests when `include` names them.
    var kinds: Set<IncidentKind> = [.real]
    var window: ReportWindow
    var zone: TimeZone { window.zone }
    var since: Date { window.since }
    var until: Date { window.until }
    var csv: Bool { window.csv }

    init(_ parameters: FlatDictionary<Substring, Substring>, now: Date) throws {
        var errors: [FieldError] = []
        func choice<Value: RawRepresentable & CaseIterable>(_ name: String, _ type: Value.Type) -> Value? where Value.RawValue == String {
            guard let text = parameters.get(name) else { return nil }
            if let value = Value(rawValue: text) { return value }
            errors.append(FieldError(name, "must be one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))"))
            return nil
        }
        by = choice("by", ResponseAnalytics.Dimension.self) ?? by
        period = choice("period", ResponseAnalytics.Period.self) ?? period
        // Drills and tests are left out unless asked for: `include=drill`, `include=drill,test`.
        if let text = parameters.get("include") {
            for name in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if let kind = IncidentKind(rawValue: name), kind != .real { kinds.insert(kind) } else {
                    errors.append(FieldError("include", "must be drill, test or drill,test; got '\(name)'"))
                }
            }
        }
        window = ReportWindow(parameters, now: now, errors: &errors)
        if !errors.isEmpty { throw Problem.invalid(errors) }
    }
}

/// The report: JSON with each metric's definition beside its figures, or CSV for a spreadsheet.
struct ResponseReport: ResponseGenerator, Sendable {
    var query: ResponseQuery
    var rows: [ResponseAnalytics.Row]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        if query.csv {
            var text = CSV.line(["group", "period", "incidents"] + ResponseMetric.allCases.flatMap { metric in
                ["count", "mean_seconds", "median_seconds", "p90_seconds"].map { "\(metric.rawValue)_\($0)" }
            })
            for row in rows {
                text += CSV.line([row.group, row.period ?? "", String(row.incidents)] + ResponseMetric.allCases.flatMap { metric in
                    let figures = row.figures[metric] ?? DurationSummary([])
                    return [String(figures.count)] + [figures.mean, figures.median, figures.p90].map { $0.map { String(format: "%.0f", $0) } ?? "" }
                })
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"herald-response-times.csv\""],
                body: .init(byteBuffer: .init(string: text)))
        }
        return try JSONResponse(ResponseReportDocument(query: query, rows: rows)).response(from: request, context: context)
    }
}

/// The JSON shape of the report.
struct ResponseReportDocument: Encodable, Sendable {
    struct Definition: Encodable, Sendable {
        var from: String
        var to: String
    }
    struct Figures: Encodable, Sendable {
        var count: Int
        var meanSeconds: Double?
        var medianSeconds: Double?
        var p90Seconds: Double?

        enum CodingKeys: String, CodingKey {
            case count, meanSeconds = "mean_seconds", medianSeconds = "median_seconds", p90Seconds = "p90_seconds"
        }
    }
    struct Row: Encodable, Sendable {
        var group: String
        var period: String?
        var incidents: Int
        var mtta: Figures
        var mttr: Figures
        var mttd: Figures
        var mttm: Figures
    }
    var by: String
    var period: String
    var zone: String
    var since: String
    var until: String
    var definitions: [String: Definition]
    var rows: [Row]

    init(query: ResponseQuery, rows: [ResponseAnalytics.Row]) {
        by = query.by.rawValue
        period = query.period.rawValue
        zone = query.zone.identifier
        since = RFC3339.string(query.since, in: query.zone)
        until = RFC3339.string(query.until, in: query.zone)
        definitions = Dictionary(uniqueKeysWithValues: ResponseMetric.allCases.map { ($0.rawValue, Definition(from: $0.definition.from, to: $0.definition.to)) })
        self.rows = rows.map { row in
            func figures(_ metric: ResponseMetric) -> Figures {
                let summary = row.figures[metric] ?? DurationSummary([])
                return Figures(count: summary.count, meanSeconds: summary.mean, medianSeconds: summary.median, p90Seconds: summary.p90)
            }
            return Row(group: row.group, period: row.period, incidents: row.incidents, mtta: figures(.mtta), mttr: figures(.mttr), mttd: figures(.mttd), mttm: figures(.mttm))
        }
    }
}
