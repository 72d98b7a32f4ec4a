import Foundation

/// What Herald knows about one classification when it looks at its clocks.
public struct ClockFacts: Sendable, Equatable {
    public var classification: String
    public var regime: RegulatoryRegime
    public var awareness: Date
    /// Each step's first filing (what its deadline judges); later entries do not move anything.
    public var filed: [String: Date]
    /// The reminder and miss keys already claimed (by any node).
    public var sent: Set<String>

    public init(classification: String, regime: RegulatoryRegime, awareness: Date, filed: [String: Date] = [:], sent: Set<String> = []) {
        self.classification = classification
        self.regime = regime
        self.awareness = awareness
        self.filed = filed
        self.sent = sent
    }
}

/// One thing a clock asks for now. Each carries the key that makes it happen once.
public enum ClockAction: Sendable, Equatable {
    /// A step not yet filed reached one of its reminder points.
    case remind(step: String, point: Double, deadline: Date, key: String)
    /// A step's deadline passed and it is not filed: raise the severity, page the compliance group.
    case missed(step: String, deadline: Date, key: String)

    public var key: String {
        switch self {
        case .remind(_, _, _, let key), .missed(_, _, let key): key
        }
    }
}

/// Which reminders are due and which deadlines were missed: pure, from the facts and `now`.
public enum ClockWatch {
    public static func reminderKey(_ classification: String, step: String, point: Double) -> String {
        "clock:\(classification):\(step):\(Int((point * 100).rounded()))"
    }

    public static func missKey(_ classification: String, step: String) -> String { "clock:\(classification):\(step):missed" }

    /// For each step with a deadline and no filing: once the deadline is reached, its miss (which
    /// stands for the reminder at the deadline too); before it, the latest reminder point passed
    /// and not yet sent. Points passed over while Herald was down are not sent late one by one:
    /// only the latest says how little time is left. A filed step, or one without a window, asks nothing.
    public static func due(_ facts: ClockFacts, points: [Double], zone: TimeZone, at now: Date) -> [ClockAction] {
        let clocks = ReportingClock.clocks(facts.regime, awareness: facts.awareness, filed: facts.filed, zone: zone)
        var actions: [ClockAction] = []
        for clock in clocks {
            guard let deadline = clock.deadline, facts.filed[clock.step] == nil else { continue }
            if now >= deadline {
                let key = missKey(facts.classification, step: clock.step)
                if !facts.sent.contains(key) { actions.append(.missed(step: clock.step, deadline: deadline, key: key)) }
                continue
            }
            let sorted = points.filter { $0 < 1 }.sorted()
            let instants = ReportingClock.reminders(clock, points: sorted)
            guard let latest = Array(zip(sorted, instants)).last(where: { $0.1 <= now }) else { continue }
            let key = reminderKey(facts.classification, step: clock.step, point: latest.0)
            // A later point already sent (before a correction moved the clock) is not repeated by an earlier one.
            let laterSent = sorted.filter { $0 >= latest.0 }.contains { facts.sent.contains(reminderKey(facts.classification, step: clock.step, point: $0)) }
            if !laterSent { actions.append(.remind(step: clock.step, point: latest.0, deadline: deadline, key: key)) }
        }
        return actions
    }

    /// When this classification next needs a look (the earliest future reminder point or deadline of an unfiled step).
    public static func nextLook(_ facts: ClockFacts, points: [Double], zone: TimeZone, after now: Date) -> Date? {
        ReportingClock.clocks(facts.regime, awareness: facts.awareness, filed: facts.filed, zone: zone)
            .filter { facts.filed[$0.step] == nil }
            .flatMap { clock in ReportingClock.reminders(clock, points: points) + [clock.deadline].compactMap { $0 } }
            .filter { $0 > now }.min()
    }
}

/// Whether a filing may be recorded: a first filing after its deadline needs the reason for the
/// delay (GDPR Art. 33(1)), and a filing cannot be later than now.
public enum FilingCheck {
    public static func problems(deadline: Date?, isFirst: Bool, filedAt: Date, lateReason: String?, zone: TimeZone, now: Date) -> [FieldError] {
        var problems: [FieldError] = []
        if filedAt > now.addingTimeInterval(60) { problems.append(FieldError("filed_at", .complianceFiledInFuture)) }
        let reason = lateReason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if isFirst, let deadline, filedAt > deadline, reason.isEmpty {
            let shown = ComplianceTime.rfc3339(deadline, zone)
            problems.append(FieldError("late_reason", .complianceLateReasonRequired, values: ["deadline": shown]))
        }
        return problems
    }
}
