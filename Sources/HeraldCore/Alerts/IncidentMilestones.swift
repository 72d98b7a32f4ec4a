import Foundation

/// A point in an incident's life that response times are measured between; stored and written as its raw value.
public enum Milestone: String, Sendable, Codable, CaseIterable {
    /// When users began to feel it; may be before the first alert. Only a responder knows it.
    case impactStarted = "impact_started"
    /// The first alert: when the incident opened.
    case detected
    case acknowledged
    /// When users stopped feeling it, though the cause may still be there. Only a responder knows it.
    case mitigated
    case resolved

    /// How people read its name.
    public func label(_ language: Language) -> String {
        let phrase: Phrase =
            switch self {
            case .impactStarted: .milestoneImpactStarted
            case .detected: .milestoneDetected
            case .acknowledged: .milestoneAcknowledged
            case .mitigated: .milestoneMitigated
            case .resolved: .milestoneResolved
            }
        return language.text(phrase)
    }

    /// The pairs a response time is measured between: the first may never come after the second.
    public static let order: [(from: Milestone, to: Milestone)] = [
        (.impactStarted, .detected), (.detected, .acknowledged), (.detected, .resolved), (.impactStarted, .mitigated), (.mitigated, .resolved),
    ]
}

/// A milestone a responder set or corrected: when, why, who, and when they said so.
public struct MilestoneRecord: Sendable, Equatable {
    public var milestone: Milestone
    public var at: Date
    public var reason: String
    public var actor: String
    public var recordedAt: Date

    public init(milestone: Milestone, at: Date, reason: String, actor: String, recordedAt: Date) {
        self.milestone = milestone
        self.at = at
        self.reason = reason
        self.actor = actor
        self.recordedAt = recordedAt
    }
}

/// An incident's milestones: what Herald recorded (detected, acknowledged, resolved) with what
/// responders set over it.
public struct IncidentMilestones: Sendable, Equatable {
    /// Whose word a milestone's time is.
    public enum Source: String, Sendable, Codable {
        case herald, responder
    }

    public var recorded: [Milestone: Date]
    public var set: [Milestone: MilestoneRecord]

    public init(recorded: [Milestone: Date], set: [MilestoneRecord] = []) {
        self.recorded = recorded
        self.set = Dictionary(set.map { ($0.milestone, $0) }, uniquingKeysWith: { _, last in last })
    }

    public init(_ incident: Incident, set: [MilestoneRecord] = []) {
        var recorded: [Milestone: Date] = [.detected: incident.createdAt]
        recorded[.acknowledged] = incident.acknowledgedAt
        recorded[.resolved] = incident.resolvedAt
        self.init(recorded: recorded, set: set)
    }

    /// The time in force: a responder's, else Herald's; nil while nobody knows it.
    public func time(_ milestone: Milestone) -> Date? { set[milestone]?.at ?? recorded[milestone] }

    public func source(_ milestone: Milestone) -> Source? {
        set[milestone] != nil ? .responder : recorded[milestone] != nil ? .herald : nil
    }

    /// Seconds from one milestone to another; nil while either is unknown.
    public func seconds(from start: Milestone, to end: Milestone) -> Double? {
        guard let from = time(start), let to = time(end) else { return nil }
        return to.timeIntervalSince(from)
    }
}

/// A responder sets a milestone (`at`) or takes their time back (`at` nil: Herald's recorded time,
/// if any, is in force again). Always with a reason.
public struct MilestoneChange: Sendable, Equatable {
    public var milestone: Milestone
    public var at: Date?
    public var reason: String

    public static let maximumReason = 1000

    public init(milestone: Milestone, at: Date?, reason: String) {
        self.milestone = milestone
        self.at = at
        self.reason = reason
    }

    public enum Outcome: Sendable, Equatable {
        case set(MilestoneRecord)
        case cleared(Milestone)
        case refused([FieldError])
    }

    /// What the change does to `milestones` at `now` by `actor`. Refused, naming every problem: no
    /// reason, a time in the future, nothing to take back, a milestone the incident has not reached
    /// (acknowledge or resolve it instead), and any order that would make a response time negative.
    public func decide(_ milestones: IncidentMilestones, actor: String, now: Date) -> Outcome {
        var errors: [FieldError] = []
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty {
            errors.append(FieldError("reason", .milestoneReasonMissing))
        } else if reason.count > Self.maximumReason {
            errors.append(FieldError("reason", .milestoneReasonTooLong, values: ["maximum": String(Self.maximumReason)]))
        }
        if (milestone == .acknowledged || milestone == .resolved), milestones.recorded[milestone] == nil {
            errors.append(FieldError("milestone", milestone == .acknowledged ? .milestoneNotAcknowledged : .milestoneNotResolved))
        }
        if let at, at > now { errors.append(FieldError("at", .milestoneInFuture)) }
        if at == nil, milestones.set[milestone] == nil { errors.append(FieldError("at", .milestoneNothingToClear)) }
        var after = milestones
        if let at {
            after.set[milestone] = MilestoneRecord(milestone: milestone, at: at, reason: reason, actor: actor, recordedAt: now)
        } else {
            after.set[milestone] = nil
        }
        for pair in Milestone.order where pair.from == milestone || pair.to == milestone {
            guard let seconds = after.seconds(from: pair.from, to: pair.to), seconds < 0 else { continue }
            errors.append(FieldError("at", .milestoneOutOfOrder) { language in
                ["from": pair.from.label(language), "to": pair.to.label(language)]
            })
        }
        if !errors.isEmpty { return .refused(errors) }
        if let record = after.set[milestone] { return .set(record) }
        return .cleared(milestone)
    }
}
