import Foundation

/// A step's report, pre-filled: each field the regime asks for with the text Herald wrote from the
/// incident, the text a responder entered (which wins), or nothing yet. Herald files nothing; a
/// responder checks it, completes it and sends it to the authority themselves.
public struct ComplianceReport: Sendable, Equatable {
    /// Whose words a field's text is.
    public enum Origin: String, Sendable {
        /// Written by Herald from what it recorded.
        case herald
        /// Entered by a responder.
        case responder
        /// Nobody has written it yet.
        case missing
    }

    /// One field of the report.
    public struct Entry: Sendable, Equatable {
        public var field: String
        public var label: String
        public var text: String?
        public var origin: Origin
    }

    public var regimeID: String
    public var stepID: String
    public var regimeName: String
    public var stepName: String
    public var incidentID: String
    public var incidentTitle: String
    public var deadline: Date?
    public var language: Language
    public var entries: [Entry]

    /// The fields still to write, by id.
    public var missing: [String] { entries.filter { $0.origin == .missing }.map(\.field) }
}

/// What a report is written from, besides the incident's own record.
public struct ReportInputs: Sendable, Equatable {
    public var classification: Classification
    /// What responders entered, by field id.
    public var entered: [String: String]
    /// `compliance.contact`: the contact point every report names unless a responder writes another.
    public var contact: String?
    /// The postmortem's root cause, when one is written: the report's cause unless a responder writes another.
    public var rootCause: String?
    /// The step's deadline, and whether it has passed without a filing or was filed after it.
    public var deadline: Date?
    public var late: Bool

    public init(
        classification: Classification, entered: [String: String] = [:], contact: String? = nil, rootCause: String? = nil, deadline: Date? = nil,
        late: Bool = false
    ) {
        self.classification = classification
        self.entered = entered
        self.contact = contact
        self.rootCause = rootCause
        self.deadline = deadline
        self.late = late
    }
}

extension ComplianceReport {
    /// The report of `step` in `language`, every time in `zone` (named). A delay-reason field is
    /// asked for only when the step is late; then a late filing's reason fills it.
    public static func prefill(
        regime: RegulatoryRegime, step: RegulatoryRegime.Step, facts: PostmortemFacts, inputs: ReportInputs, language: Language, zone: TimeZone
    ) -> ComplianceReport {
        func t(_ phrase: Phrase, _ values: [String: String] = [:]) -> String { language.text(phrase, values) }
        func time(_ date: Date) -> String { ComplianceReport.time(date, zone) }
        let incident = facts.incident
        func known(_ kind: ReportFieldKind) -> String? {
            switch kind {
            case .nature:
                var parts = [incident.title, t(.reportSeverity, ["severity": incident.severity.label(language)])]
                if let impact = incident.impact { parts.append(t(.reportImpact, ["impact": impact.label(language)])) }
                parts.append(t(.reportState, ["state": language.statusLabel(incident.status.rawValue)]))
                return parts.joined(separator: "\n")
            case .occurred:
                let lines = [Milestone.impactStarted, .detected].compactMap { milestone in
                    facts.milestones.time(milestone).map { "\(milestone.label(language)): \(time($0))" }
                }
                return lines.isEmpty ? nil : lines.joined(separator: "\n")
            case .awareness:
                let classification = inputs.classification
                var text = t(.reportAwarenessLine, ["time": time(classification.awareness), "by": classification.recordedBy])
                for correction in classification.corrections {
                    text += "\n" + t(.reportAwarenessCorrected, ["from": time(correction.from), "to": time(correction.to), "reason": correction.reason])
                }
                return text
            case .components:
                let names = incident.components.map { facts.componentNames[$0] ?? $0 }
                return names.isEmpty ? nil : names.joined(separator: language.listSeparator)
            case .timeline:
                var lines: [(Date, String)] = Milestone.allCases.compactMap { milestone in
                    facts.milestones.time(milestone).map { ($0, milestone.label(language)) }
                }
                lines += facts.publicUpdates.map { ($0.at, $0.text(language) ?? $0.kind.label(language)) }
                return lines.isEmpty ? nil : lines.sorted { $0.0 < $1.0 }.map { "- \(time($0.0)): \($0.1)" }.joined(separator: "\n")
            case .contact: return inputs.contact
            case .cause: return inputs.rootCause
            case .delayReason:
                let step = inputs.classification.filings.filter { $0.step == step.id }.sorted { $0.filedAt < $1.filedAt }.first
                return step?.lateReason
            default: return nil
            }
        }
        var entries: [Entry] = []
        for field in step.fields {
            if field.kind == .delayReason && !inputs.late { continue }
            let label = field.label(language)
            if let typed = inputs.entered[field.id], !typed.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                entries.append(Entry(field: field.id, label: label, text: typed, origin: .responder))
            } else if let kind = field.kind, let text = known(kind), !text.isEmpty {
                entries.append(Entry(field: field.id, label: label, text: text, origin: .herald))
            } else {
                entries.append(Entry(field: field.id, label: label, text: nil, origin: .missing))
            }
        }
        return ComplianceReport(
            regimeID: regime.id, stepID: step.id, regimeName: regime.name(language), stepName: step.name(language), incidentID: incident.id,
            incidentTitle: incident.title, deadline: inputs.deadline, language: language, entries: entries)
    }

    /// `2026-11-21 16:00 (Asia/Shanghai, UTC+08:00)`.
    static func time(_ date: Date, _ zone: TimeZone) -> String {
        let civil = CivilTime(date, in: zone)
        // Foundation names UTC "GMT"; readers asked for UTC.
        return "\(civil.dateText) \(civil.minuteText) (\(zone.identifier == "GMT" ? "UTC" : zone.identifier), UTC\(civil.offsetText()))"
    }

    /// The report as Markdown, to check and send: a heading per field, the fields nobody wrote marked so.
    public func markdown(zone: TimeZone) -> String {
        func t(_ phrase: Phrase, _ values: [String: String] = [:]) -> String { language.text(phrase, values) }
        var out = ["# \(regimeName): \(stepName)"]
        var facts = [
            "- " + t(.reportIncidentLine, ["title": incidentTitle, "id": incidentID]),
            "- " + (deadline.map { t(.reportDeadlineLine, ["deadline": Self.time($0, zone)]) } ?? t(.reportWithoutUndueDelay)),
        ]
        if !missing.isEmpty {
            facts.append("- " + t(.reportStillToWrite, ["fields": entries.filter { $0.origin == .missing }.map(\.label).joined(separator: language.listSeparator)]))
        }
        out.append(facts.joined(separator: "\n"))
        out.append("_\(t(.reportPrefilledNote))_")
        for entry in entries {
            out.append("## \(entry.label)\n\n" + (entry.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "_\(t(.reportToWrite))_"))
        }
        return out.joined(separator: "\n\n") + "\n"
    }
}
