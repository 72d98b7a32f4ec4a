import Foundation

/// What a heartbeat decision reads about its monitor.
public struct HeartbeatFacts: Sendable, Equatable {
    public var state: HeartbeatState
    public var paused: Bool
    public var lastBeatAt: Date?
    public var watchedSince: Date
    public var period: TimeInterval
    public var grace: TimeInterval

    public init(state: HeartbeatState, paused: Bool, lastBeatAt: Date?, watchedSince: Date, period: TimeInterval, grace: TimeInterval) {
        self.state = state
        self.paused = paused
        self.lastBeatAt = lastBeatAt
        self.watchedSince = watchedSince
        self.period = period
        self.grace = grace
    }

    /// The last sign of life: the last beat, or the start of watching when that is later
    /// (a monitor resumed after a week of pause is not late at once).
    public var lastSign: Date { max(lastBeatAt ?? watchedSince, watchedSince) }

    /// When it becomes late without another beat.
    public var deadline: Date { lastSign.addingTimeInterval(period + grace) }
}

/// What happened to a monitor: a beat came, a failure was reported, or the checker looked.
public enum HeartbeatSignal: Sendable, Equatable {
    case beat
    case fail
    case check
}

/// What a signal does to a monitor: its new state, the alert it sends through the pipeline, and
/// when the checker looks next. Pure, so the table in the tests covers it without a clock.
public struct HeartbeatDecision: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable {
        /// A beat in time, or a check before the deadline.
        case onTime = "on_time"
        /// The deadline passed without a beat: an incident opens.
        case late
        /// The job reported a failure: an incident opens at once.
        case failed
        /// A good beat after being late or failed: the incident resolves.
        case recovered
        /// Down already, or paused: nothing changes but the record of the beat.
        case unchanged
    }

    /// What the pipeline is sent; nil when nothing is.
    public enum Alert: Sendable, Equatable {
        case trigger
        case resolve
    }

    public var outcome: Outcome
    public var state: HeartbeatState
    public var lastBeatAt: Date?
    /// When to look next: the new deadline, or nil while paused or down (only a beat changes that).
    public var dueAt: Date?
    public var alert: Alert?

    public init(outcome: Outcome, state: HeartbeatState, lastBeatAt: Date?, dueAt: Date?, alert: Alert?) {
        self.outcome = outcome
        self.state = state
        self.lastBeatAt = lastBeatAt
        self.dueAt = dueAt
        self.alert = alert
    }
}

/// The heartbeat rule: late after period + grace without a beat, failed when told, recovered by the
/// next good beat. A paused monitor records beats and never opens anything.
public enum HeartbeatCheck {
    public static func decide(_ signal: HeartbeatSignal, facts: HeartbeatFacts, at now: Date) -> HeartbeatDecision {
        switch signal {
        case .beat:
            var after = facts
            after.lastBeatAt = now
            let due = facts.paused ? nil : after.deadline
            if facts.state.isDown, !facts.paused {
                return HeartbeatDecision(outcome: .recovered, state: .up, lastBeatAt: now, dueAt: due, alert: .resolve)
            }
            // A paused monitor that was down stays down: its incident is the responders' to close,
            // and the beat after resuming resolves it.
            let state: HeartbeatState = facts.paused && facts.state.isDown ? facts.state : .up
            return HeartbeatDecision(outcome: facts.paused ? .unchanged : .onTime, state: state, lastBeatAt: now, dueAt: due, alert: nil)
        case .fail:
            if facts.paused || facts.state.isDown {
                return HeartbeatDecision(outcome: .unchanged, state: facts.state, lastBeatAt: now, dueAt: nil, alert: nil)
            }
            return HeartbeatDecision(outcome: .failed, state: .failed, lastBeatAt: now, dueAt: nil, alert: .trigger)
        case .check:
            if facts.paused || facts.state.isDown {
                return HeartbeatDecision(outcome: .unchanged, state: facts.state, lastBeatAt: facts.lastBeatAt, dueAt: nil, alert: nil)
            }
            if now >= facts.deadline {
                return HeartbeatDecision(outcome: .late, state: .late, lastBeatAt: facts.lastBeatAt, dueAt: nil, alert: .trigger)
            }
            return HeartbeatDecision(outcome: .onTime, state: facts.state, lastBeatAt: facts.lastBeatAt, dueAt: facts.deadline, alert: nil)
        }
    }
}
