import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird
import HummingbirdCore

extension AdminAPI {
    /// Regulatory clocks: classify an incident, correct its awareness time, file a step, decide not
    /// to notify a breach, read the clocks and the breach register.
    mutating func addComplianceRoutes(clocks: RegulatoryClocks) {
        let body = self.body
        let store = clocks.store
        on(.post, "/incidents/{id}/classifications", role: .responder) { request, context in
            var reader = ObjectReader(try await body.read(request))
            let regime = reader.requiredString("regime")
            let awareness = reader.time("awareness_at", required: true)
            let recordedBy = reader.string("recorded_by")
            if let recordedBy { reader.add(Validate.text(recordedBy, field: "recorded_by", maximum: 200)) }
            try reader.finish()
            guard let regime, let awareness else { throw ValidationFailure(reader.errors) }
            let made = try await clocks.classify(incident: try context.id(), regime: regime, awareness: awareness, by: recordedBy ?? context.actor)
            return JSONResponse(ClockDocument(clocks.view(made), zone: clocks.policy.zone), status: .created)
        }
        on(.get, "/incidents/{id}/clocks", role: .viewer) { request, context in
            let zone = try Self.zone(request, default: clocks.policy.zone)
            let views = try await clocks.clocks(incident: try context.id())
            return JSONResponse(ClockList(time_zone: zone.identifier, classifications: views.map { ClockDocument($0, zone: zone) }))
        }
        on(.post, "/incidents/{id}/classifications/{regime}/awareness", role: .responder) { request, context in
            var reader = ObjectReader(try await body.read(request))
            let awareness = reader.time("awareness_at", required: true)
            let reason = reader.requiredString("reason")
            if let reason { reader.add(Validate.text(reason, field: "reason", maximum: 2000, multiline: true)) }
            try reader.finish()
            guard let awareness, let reason else { throw ValidationFailure(reader.errors) }
            let corrected = try await clocks.correctAwareness(
                incident: try context.id(), regime: try context.regime(), to: awareness, reason: reason, by: context.actor)
            return JSONResponse(ClockDocument(clocks.view(corrected), zone: clocks.policy.zone))
        }
        on(.post, "/incidents/{id}/classifications/{regime}/filings", role: .responder) { request, context in
            var reader = ObjectReader(try await body.read(request))
            let step = reader.requiredString("step")
            let filedAt = reader.time("filed_at", required: false)
            let reference = reader.string("reference")
            if let reference { reader.add(Validate.text(reference, field: "reference", maximum: 200)) }
            let lateReason = reader.string("late_reason")
            if let lateReason { reader.add(Validate.text(lateReason, field: "late_reason", maximum: 2000, multiline: true)) }
            try reader.finish()
            guard let step else { throw ValidationFailure(reader.errors) }
            let filed = try await clocks.file(
                incident: try context.id(), regime: try context.regime(), step: step, filedAt: filedAt, reference: reference, lateReason: lateReason,
                by: context.actor)
            return JSONResponse(ClockDocument(clocks.view(filed), zone: clocks.policy.zone), status: .created)
        }
        on(.post, "/incidents/{id}/classifications/{regime}/not-notifying", role: .responder) { request, context in
            var reader = ObjectReader(try await body.read(request))
            let reason = reader.requiredString("reason")
            if let reason { reader.add(Validate.text(reason, field: "reason", maximum: 2000, multiline: true)) }
            try reader.finish()
            guard let reason else { throw ValidationFailure(reader.errors) }
            let decided = try await clocks.decideNotToNotify(incident: try context.id(), regime: try context.regime(), reason: reason, by: context.actor)
            return JSONResponse(ClockDocument(clocks.view(decided), zone: clocks.policy.zone))
        }
        on(.get, "/incidents/{id}/classifications/{regime}/report", role: .viewer) { request, context -> Response in
            let parameters = request.uri.queryParameters
            var errors: [FieldError] = []
            let step = parameters.get("step")
            if step == nil { errors.append(FieldError("step", .problemRequired)) }
            let query = DocumentQuery(parameters, defaultZone: clocks.policy.zone, errors: &errors)
            let (language, zone) = (query.language, query.zone)
            let format = parameters.get("format") ?? "json"
            if !["json", "markdown"].contains(format) {
                errors.append(FieldError("format", .problemMustBeOneOf, values: ["allowed": "json, markdown", "got": format]))
            }
            if !errors.isEmpty { throw Problem.invalid(errors) }
            let report = try await clocks.report(incident: try context.id(), regime: try context.regime(), step: step!, language: language, zone: zone)
            if format == "markdown" {
                let name = "\(report.incidentID)-\(report.regimeID)-\(report.stepID)".filter { $0.isLetter || $0.isNumber || $0 == "-" }
                return Response(
                    status: .ok,
                    headers: [.contentType: "text/markdown; charset=utf-8", .contentDisposition: "attachment; filename=\"report-\(name).md\""],
                    body: .init(byteBuffer: .init(string: report.markdown(zone: zone))))
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: .init(data: try JSONResponseEncoder.encoder.encode(ReportDocument(report, zone: zone)))))
        }
        on(.patch, "/incidents/{id}/classifications/{regime}/report-fields", role: .responder) { request, context in
            // A merge patch: each member a field's text, null or "" to remove it; fields not named stay.
            let document = try await body.read(request)
            guard case .object(let members) = document else {
                throw ValidationFailure([FieldError("body", .problemMustBeObject) { ["got": $0.text(document.typePhrase)] }])
            }
            var fields: [String: String] = [:]
            var errors: [FieldError] = []
            for (field, value) in members.sorted(by: { $0.key < $1.key }) {
                switch value {
                case .string(let text): fields[field] = text
                case .null: fields[field] = ""
                default: errors.append(FieldError(field, .problemMustBeStringOrNull) { ["got": $0.text(value.typePhrase)] })
                }
            }
            // Wrong types and wrong fields in one answer.
            try ValidationFailure.check(errors + (try clocks.reportFieldProblems(regime: try context.regime(), fields: fields)))
            let saved = try await clocks.saveReportFields(incident: try context.id(), regime: try context.regime(), fields: fields, by: context.actor)
            return JSONResponse(ClockDocument(clocks.view(saved), zone: clocks.policy.zone))
        }
        on(.get, "/breaches", role: .viewer) { request, _ -> Response in
            let zone = try Self.zone(request, default: clocks.policy.zone)
            let format = request.uri.queryParameters.get("format") ?? "json"
            guard ["json", "csv", "markdown"].contains(format) else { throw Problem.invalid([FieldError("format", "must be json, csv or markdown")]) }
            let entries = try await clocks.breachRegister()
            try await store.recordExport(kind: "breaches", detail: "the breach register as \(format), \(entries.count) entries")
            switch format {
            case "csv":
                return Response(
                    status: .ok,
                    headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"herald-breach-register.csv\""],
                    body: .init(byteBuffer: .init(string: BreachRegisterExport.csv(entries, zone: zone))))
            case "markdown":
                return Response(
                    status: .ok, headers: [.contentType: "text/markdown; charset=utf-8"],
                    body: .init(byteBuffer: .init(string: BreachRegisterExport.markdown(entries, zone: zone))))
            default:
                let document = BreachList(time_zone: zone.identifier, breaches: entries.map { BreachDocument($0, zone: zone) })
                return Response(
                    status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                    body: .init(byteBuffer: .init(data: try JSONResponseEncoder.encoder.encode(document))))
            }
        }
    }

    /// `?zone=`: the zone times are written in; default the organisation's.
    static func zone(_ request: Request, default zone: TimeZone) throws -> TimeZone {
        guard let name = request.uri.queryParameters.get("zone") else { return zone }
        guard let parsed = TimeZone(identifier: name) else { throw Problem.invalid([FieldError("zone", "must be an IANA time zone, e.g. Asia/Shanghai")]) }
        return parsed
    }
}

extension HeraldRequestContext {
    /// The `{regime}` path parameter.
    func regime() throws -> String {
        guard let regime = parameters.get("regime") else { throw Problem(.badRequest, detail: "the path needs a regime") }
        return regime
    }
}

struct ClockList: Encodable, Sendable {
    var time_zone: String
    var classifications: [ClockDocument]
}

/// A classification as the API writes it: every time RFC 3339 with the offset of `time_zone`.
struct ClockDocument: Encodable, Sendable {
    struct Correction: Encodable, Sendable {
        var from: String
        var to: String
        var reason: String
        var by: String
        var at: String
    }

    struct Filing: Encodable, Sendable {
        var filed_at: String
        var by: String
        var reference: String?
        var late_reason: String?
    }

    struct Step: Encodable, Sendable {
        var id: String
        var name: String
        var names: LocalizedText
        var fields: [String]
        var opens_at: String?
        var deadline: String?
        var state: String
        var late: Bool
        var filings: [Filing]
    }

    var id: String
    var incident_id: String
    var regime: String
    var regime_name: String
    var regime_names: LocalizedText
    var personal_data: Bool
    var awareness_at: String
    var recorded_by: String
    var recorded_at: String
    var time_zone: String
    var corrections: [Correction]
    var not_notifying_reason: String?
    var report_fields: [String: String]
    var steps: [Step]

    init(_ view: ClockView, zone: TimeZone) {
        func time(_ date: Date) -> String { ComplianceTime.rfc3339(date, zone) }
        let classification = view.classification
        id = classification.id
        incident_id = classification.incidentID
        regime = view.regime.id
        regime_name = view.regime.name(.en)
        regime_names = view.regime.name
        report_fields = classification.reportFields
        personal_data = view.regime.personalData
        awareness_at = time(classification.awareness)
        recorded_by = classification.recordedBy
        recorded_at = time(classification.recordedAt)
        time_zone = zone.identifier
        corrections = classification.corrections.map { Correction(from: time($0.from), to: time($0.to), reason: $0.reason, by: $0.by, at: time($0.at)) }
        not_notifying_reason = classification.notNotifying?.reason
        steps = view.steps.map { step in
            Step(
                id: step.step.id, name: step.step.name(.en), names: step.step.name, fields: step.step.fields.map(\.id), opens_at: step.opens.map(time), deadline: step.deadline.map(time), state: step.state.rawValue,
                late: step.late,
                filings: step.filings.map { Filing(filed_at: time($0.filedAt), by: $0.by, reference: $0.reference, late_reason: $0.lateReason) })
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, incident_id, regime, regime_name, regime_names, personal_data, awareness_at, recorded_by, recorded_at, time_zone, corrections
        case not_notifying_reason, report_fields, steps
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(incident_id, forKey: .incident_id)
        try container.encode(regime, forKey: .regime)
        try container.encode(regime_name, forKey: .regime_name)
        try container.encode(regime_names, forKey: .regime_names)
        try container.encode(personal_data, forKey: .personal_data)
        try container.encode(awareness_at, forKey: .awareness_at)
        try container.encode(recorded_by, forKey: .recorded_by)
        try container.encode(recorded_at, forKey: .recorded_at)
        try container.encode(time_zone, forKey: .time_zone)
        try container.encode(corrections, forKey: .corrections)
        try container.encode(not_notifying_reason, forKey: .not_notifying_reason)
        try container.encode(report_fields, forKey: .report_fields)
        try container.encode(steps, forKey: .steps)
    }
}

struct BreachList: Encodable, Sendable {
    var time_zone: String
    var breaches: [BreachDocument]
}

struct BreachDocument: Encodable, Sendable {
    var incident_id: String
    var title: String
    var incident_status: String
    var notification: String
    var classification: ClockDocument

    init(_ entry: BreachEntry, zone: TimeZone) {
        incident_id = entry.incident.id
        title = entry.incident.title
        incident_status = entry.incident.status.rawValue
        notification = entry.notification
        classification = ClockDocument(entry.clock, zone: zone)
    }
}

/// A step's pre-filled report as the API writes it: each field with its text and whose words it is.
struct ReportDocument: Encodable, Sendable {
    struct Field: Encodable, Sendable {
        var id: String
        var label: String
        var text: String?
        var origin: String
    }

    var incident_id: String
    var regime: String
    var regime_name: String
    var step: String
    var step_name: String
    var language: String
    var time_zone: String
    var deadline: String?
    var fields: [Field]
    var missing: [String]
    var markdown: String

    init(_ report: ComplianceReport, zone: TimeZone) {
        incident_id = report.incidentID
        regime = report.regimeID
        regime_name = report.regimeName
        step = report.stepID
        step_name = report.stepName
        language = report.language.rawValue
        time_zone = zone.identifier
        deadline = report.deadline.map { ComplianceTime.rfc3339($0, zone) }
        fields = report.entries.map { Field(id: $0.field, label: $0.label, text: $0.text, origin: $0.origin.rawValue) }
        missing = report.missing
        markdown = report.markdown(zone: zone)
    }
}
