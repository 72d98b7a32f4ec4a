import Foundation

/// An incident classified under a regime: the awareness time its clocks run from (who recorded it,
/// every correction with its reason), its steps' filings, and for a personal-data breach the
/// decision not to notify with its reasoning.
public struct Classification: Sendable, Equatable, Identifiable {
    public var id: String
    public var incidentID: String
    public var regimeID: String
    public var awareness: Date
    public var recordedBy: String
    public var recordedAt: Date
    public var corrections: [AwarenessCorrection]
    /// Every filing, oldest first; a step's later entries are its phases.
    public var filings: [Filing]
    public var notNotifying: NotNotifying?
    /// What responders wrote for its reports, by field id (`ReportField.id`).
    public var reportFields: [String: String]

    public init(
        id: String, incidentID: String, regimeID: String, awareness: Date, recordedBy: String, recordedAt: Date,
        corrections: [AwarenessCorrection] = [], filings: [Filing] = [], notNotifying: NotNotifying? = nil,
        reportFields: [String: String] = [:]
    ) {
        self.reportFields = reportFields
        self.id = id
        self.incidentID = incidentID
        self.regimeID = regimeID
        self.awareness = awareness
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.corrections = corrections
        self.filings = filings
        self.notNotifying = notNotifying
    }

    /// Each step's first filing, the one its deadline judges.
    public var firstFilings: [String: Date] {
        var first: [String: Date] = [:]
        for filing in filings where first[filing.step].map({ filing.filedAt < $0 }) ?? true { first[filing.step] = filing.filedAt }
        return first
    }

    public struct AwarenessCorrection: Sendable, Equatable {
        public var from: Date
        public var to: Date
        public var reason: String
        public var by: String
        public var at: Date

        public init(from: Date, to: Date, reason: String, by: String, at: Date) {
            self.from = from
            self.to = to
            self.reason = reason
            self.by = by
            self.at = at
        }
    }

    public struct Filing: Sendable, Equatable {
        public var step: String
        public var filedAt: Date
        public var by: String
        public var reference: String?
        public var lateReason: String?
        public var recordedAt: Date

        public init(step: String, filedAt: Date, by: String, reference: String?, lateReason: String?, recordedAt: Date) {
            self.step = step
            self.filedAt = filedAt
            self.by = by
            self.reference = reference
            self.lateReason = lateReason
            self.recordedAt = recordedAt
        }
    }

    public struct NotNotifying: Sendable, Equatable {
        public var reason: String
        public var by: String
        public var at: Date

        public init(reason: String, by: String, at: Date) {
            self.reason = reason
            self.by = by
            self.at = at
        }
    }
}
