import Foundation
import HeraldCore
import HeraldStore

/// One step's clock as a reader sees it: its deadline (nil for "without undue delay"), its filings,
/// and where it stands now.
public struct StepView: Sendable, Equatable {
    public enum State: String, Sendable {
        /// Filed (its first filing is what the deadline judged).
        case filed
        /// Not filed, deadline ahead.
        case running
        /// Not filed, deadline passed.
        case missed
        /// No instant to miss ("without undue delay"), not filed yet.
        case undated
    }

    public var step: RegulatoryRegime.Step
    public var opens: Date?
    public var deadline: Date?
    public var filings: [Classification.Filing]
    public var state: State
    /// Whether the first filing came after the deadline.
    public var late: Bool
}

/// A classification with its regime and each step's clock.
public struct ClockView: Sendable, Equatable {
    public var classification: Classification
    public var regime: RegulatoryRegime
    public var steps: [StepView]
}

/// The regulatory clocks' use cases, shared by the API, the console and the CLI: classify, correct
/// the awareness time, file a step, decide not to notify, read the clocks and the breach register.
/// Checks are Core's; the store writes what was decided with its audit entry and timeline line.
public struct RegulatoryClocks: Sendable {
    public let store: Store
    public let policy: CompliancePolicy
    public let now: @Sendable () -> Date

    public init(store: Store, policy: CompliancePolicy, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.policy = policy
        self.now = now
    }

    /// How long awareness may be ahead of the clock (clock skew between a responder and Herald).
    static let skew: TimeInterval = 60

    func regime(_ id: String, field: String = "regime") throws -> RegulatoryRegime {
        guard let regime = policy.regime(id) else {
            let known = policy.regimes.map(\.id).joined(separator: ", ")
            throw ValidationFailure([FieldError(field, .complianceUnknownRegime, values: ["id": id, "known": known])])
        }
        return regime
    }

    public func classify(incident: String, regime id: String, awareness: Date, by actor: String) async throws -> Classification {
        let regime = try regime(id)
        if awareness > now().addingTimeInterval(Self.skew) { throw ValidationFailure([FieldError("awareness_at", .complianceFiledInFuture)]) }
        _ = try await store.incident(id: incident)
        let words = ComplianceWords.timeline(.classified(regime: regime.name, awareness: awareness, by: actor), zone: policy.zone)
        return try await store.classify(incident: incident, regime: regime.id, awareness: awareness, by: actor, timeline: words)
    }

    /// The classification of `incident` under `regime`, or 404.
    public func classification(incident: String, regime: String) async throws -> Classification {
        guard let found = try await store.classifications(incident: incident).first(where: { $0.regimeID == regime }) else {
            _ = try await store.incident(id: incident)
            throw StoreError.notFound(kind: "classification", id: "\(incident)/\(regime)")
        }
        return found
    }

    public func correctAwareness(incident: String, regime id: String, to awareness: Date, reason: String, by actor: String) async throws -> Classification {
        var problems: [FieldError] = []
        if awareness > now().addingTimeInterval(Self.skew) { problems.append(FieldError("awareness_at", .complianceFiledInFuture)) }
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(FieldError("reason", .problemRequired)) }
        try ValidationFailure.check(problems)
        let current = try await classification(incident: incident, regime: id)
        let regime = try regime(id)
        let words = ComplianceWords.timeline(.corrected(regime: regime.name, from: current.awareness, to: awareness, reason: reason), zone: policy.zone)
        return try await store.correctAwareness(classification: current.id, to: awareness, reason: reason, by: actor, timeline: words)
    }

    /// Files a step: its first filing after the deadline needs `lateReason`; later ones are phases.
    public func file(
        incident: String, regime id: String, step stepID: String, filedAt: Date?, reference: String?, lateReason: String?, by actor: String
    ) async throws -> Classification {
        let current = try await classification(incident: incident, regime: id)
        let regime = try regime(id)
        guard let step = regime.steps.first(where: { $0.id == stepID }) else {
            throw ValidationFailure([FieldError("step", .complianceUnknownStep, values: [
                "regime": regime.id, "id": stepID, "known": regime.steps.map(\.id).joined(separator: ", "),
            ])])
        }
        let at = filedAt ?? now()
        let first = current.firstFilings
        let clock = ReportingClock.clocks(regime, awareness: current.awareness, filed: first, zone: policy.zone).first { $0.step == step.id }
        let reason = lateReason.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        try ValidationFailure.check(FilingCheck.problems(
            deadline: clock?.deadline, isFirst: first[step.id] == nil, filedAt: at, lateReason: reason, zone: policy.zone, now: now()))
        let late = first[step.id] == nil && clock?.deadline.map { at > $0 } == true
        let phase = current.filings.filter { $0.step == step.id }.count + 1
        let words = ComplianceWords.timeline(
            .filed(regime: regime.name, step: step.name, at: at, reference: reference, lateReason: late ? reason : nil, phase: phase), zone: policy.zone)
        return try await store.recordFiling(
            classification: current.id, step: step.id, filedAt: at, by: actor, reference: reference, lateReason: late ? reason : nil, timeline: words)
    }

    public func decideNotToNotify(incident: String, regime id: String, reason: String, by actor: String) async throws -> Classification {
        let regime = try regime(id)
        guard regime.personalData else { throw ValidationFailure([FieldError("regime", .complianceNotPersonalData, values: ["id": id])]) }
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationFailure([FieldError("reason", .problemRequired)]) }
        let current = try await classification(incident: incident, regime: id)
        let words = ComplianceWords.timeline(.notNotifying(regime: regime.name, reason: reason), zone: policy.zone)
        return try await store.recordNotNotifying(classification: current.id, reason: reason, by: actor, timeline: words)
    }

    /// The longest text a report field takes.
    public static let reportFieldLimit = 8000

    /// The pre-filled report of one step, in `language`, from the incident's record, what responders
    /// entered and the configured contact point.
    public func report(incident: String, regime id: String, step stepID: String, language: Language, zone: TimeZone? = nil) async throws -> ComplianceReport {
        let current = try await classification(incident: incident, regime: id)
        let regime = try regime(id)
        let view = view(current)
        guard let step = view.steps.first(where: { $0.step.id == stepID }) else {
            throw ValidationFailure([FieldError("step", .complianceUnknownStep, values: [
                "regime": regime.id, "id": stepID, "known": regime.steps.map(\.id).joined(separator: ", "),
            ])])
        }
        async let facts = store.postmortemFacts(incidentID: incident)
        async let postmortem = store.postmortem(incidentID: incident)
        let rootCause = try await postmortem?.sections.rootCause.trimmingCharacters(in: .whitespacesAndNewlines)
        let inputs = ReportInputs(
            classification: current, entered: current.reportFields, contact: policy.contact, rootCause: rootCause?.isEmpty == false ? rootCause : nil,
            deadline: step.deadline, late: step.state == .missed || step.late)
        return ComplianceReport.prefill(regime: regime, step: step.step, facts: try await facts, inputs: inputs, language: language, zone: zone ?? policy.zone)
    }

    /// Saves what a responder wrote for the classification's reports: fields its regime's steps ask
    /// for, each at most `reportFieldLimit` characters; an empty text removes one. Refused whole, every problem named.
    public func saveReportFields(incident: String, regime id: String, fields: [String: String], by actor: String) async throws -> Classification {
        let current = try await classification(incident: incident, regime: id)
        try ValidationFailure.check(try reportFieldProblems(regime: id, fields: fields))
        return try await store.saveReportFields(classification: current.id, fields, by: actor)
    }

    /// What is wrong with report fields for `regime`: fields none of its steps ask for, texts too long or with control characters.
    public func reportFieldProblems(regime id: String, fields: [String: String]) throws -> [FieldError] {
        let regime = try regime(id)
        var known: [String] = []
        for field in regime.steps.flatMap(\.fields) where !known.contains(field.id) { known.append(field.id) }
        var problems: [FieldError] = []
        for (field, text) in fields.sorted(by: { $0.key < $1.key }) {
            if !known.contains(field) {
                problems.append(FieldError(field, .reportUnknownField, values: ["regime": regime.id, "id": field, "known": known.joined(separator: ", ")]))
            } else if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems += Validate.text(text, field: field, maximum: Self.reportFieldLimit, multiline: true)
            }
        }
        return problems
    }

    /// Every classification of `incident` with each step's clock as of now.
    public func clocks(incident: String) async throws -> [ClockView] {
        _ = try await store.incident(id: incident)
        return try await store.classifications(incident: incident).map(view)
    }

    /// A classification's clocks as of now.
    public func view(_ classification: Classification) -> ClockView {
        // A regime removed from the config still shows, by its id, with no steps.
        let regime = policy.regime(classification.regimeID) ?? RegulatoryRegime(id: classification.regimeID, name: LocalizedText(en: classification.regimeID), steps: [])
        let first = classification.firstFilings
        let clocks = ReportingClock.clocks(regime, awareness: classification.awareness, filed: first, zone: policy.zone)
        let at = now()
        let steps = zip(regime.steps, clocks).map { step, clock in
            let filed = first[step.id]
            let state: StepView.State =
                filed != nil ? .filed : clock.deadline == nil ? .undated : clock.deadline! <= at ? .missed : .running
            return StepView(
                step: step, opens: clock.opens, deadline: clock.deadline, filings: classification.filings.filter { $0.step == step.id }, state: state,
                late: filed.flatMap { filed in clock.deadline.map { filed > $0 } } ?? false)
        }
        return ClockView(classification: classification, regime: regime, steps: steps)
    }

    /// The breach register (GDPR Art. 33(5)): every incident classified under a personal-data regime, notified or not.
    public func breachRegister() async throws -> [BreachEntry] {
        let regimes = policy.regimes.filter(\.personalData).map(\.id)
        return try await store.classifications(regimes: regimes).map { classification, incident in
            BreachEntry(incident: incident, clock: view(classification))
        }
    }
}

/// One row of the breach register.
public struct BreachEntry: Sendable, Equatable {
    public var incident: Incident
    public var clock: ClockView

    /// notified (some step filed), not_notified (a decision with its reasoning), or pending.
    public var notification: String {
        if !clock.classification.filings.isEmpty { return "notified" }
        return clock.classification.notNotifying == nil ? "pending" : "not_notified"
    }
}

/// The register written out: CSV (RFC 4180, CRLF) and Markdown, times RFC 3339 in `zone`.
public enum BreachRegisterExport {
    public static let columns = [
        "incident_id", "title", "regime", "awareness_at", "recorded_by", "notification", "filings", "not_notifying_reason", "incident_status", "time_zone",
    ]

    static func fields(_ entry: BreachEntry, zone: TimeZone) -> [String] {
        let classification = entry.clock.classification
        let filings = classification.filings.map { filing in
            "\(filing.step) \(ComplianceTime.rfc3339(filing.filedAt, zone))" + (filing.reference.map { " ref \($0)" } ?? "")
                + (filing.lateReason.map { " late: \($0)" } ?? "")
        }.joined(separator: "; ")
        return [
            entry.incident.id, entry.incident.title, classification.regimeID, ComplianceTime.rfc3339(classification.awareness, zone),
            classification.recordedBy, entry.notification, filings, classification.notNotifying?.reason ?? "", entry.incident.status.rawValue,
            zone.identifier,
        ]
    }

    public static func csv(_ entries: [BreachEntry], zone: TimeZone) -> String {
        CSV.line(columns) + entries.map { CSV.line(fields($0, zone: zone)) }.joined()
    }

    public static func markdown(_ entries: [BreachEntry], zone: TimeZone) -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var text = "| " + columns.joined(separator: " | ") + " |\n|" + String(repeating: " --- |", count: columns.count) + "\n"
        for entry in entries { text += "| " + fields(entry, zone: zone).map(cell).joined(separator: " | ") + " |\n" }
        return text
    }
}
