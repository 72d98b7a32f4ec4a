import Foundation

/// A dead man's switch: a job calls its URL every `period`; when it stops, an incident opens.
public struct HeartbeatMonitor: Sendable, Equatable {
    public var id: String
    /// Unique; the incident's title and its `heartbeat` label name it.
    public var name: String
    /// The last characters of its key, to tell monitors apart without revealing the key.
    public var keyHint: String
    /// How often a beat is expected.
    public var period: TimeInterval
    /// How long after the period a beat may still come before the monitor is late.
    public var grace: TimeInterval
    /// The team its incidents go to; without one, the routing rules decide from its labels.
    public var teamID: String?
    /// Put on its alert, for routing rules, silences and components (`component: backup`).
    public var labels: [String: String]
    public var severity: Severity
    public var paused: Bool
    public var state: HeartbeatState
    public var lastBeatAt: Date?
    /// When it was created or last resumed: lateness counts from here until the first beat.
    public var watchedSince: Date
    /// When the checker looks at it next; nil while paused or down.
    public var dueAt: Date?
    public var createdAt: Date

    public init(
        id: String, name: String, keyHint: String, period: TimeInterval, grace: TimeInterval, teamID: String?, labels: [String: String],
        severity: Severity, paused: Bool = false, state: HeartbeatState = .waiting, lastBeatAt: Date? = nil, watchedSince: Date,
        dueAt: Date?, createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.keyHint = keyHint
        self.period = period
        self.grace = grace
        self.teamID = teamID
        self.labels = labels
        self.severity = severity
        self.paused = paused
        self.state = state
        self.lastBeatAt = lastBeatAt
        self.watchedSince = watchedSince
        self.dueAt = dueAt
        self.createdAt = createdAt
    }

    /// The alert's dedup key: one per monitor, so a monitor never has two incidents open.
    public var dedupKey: String { "heartbeat:\(id)" }

    /// What its decision reads.
    public var facts: HeartbeatFacts {
        HeartbeatFacts(state: state, paused: paused, lastBeatAt: lastBeatAt, watchedSince: watchedSince, period: period, grace: grace)
    }
}

/// Where a monitor stands; stored as its raw value.
public enum HeartbeatState: String, Sendable, Codable, CaseIterable {
    /// Created or resumed, no beat yet.
    case waiting
    /// The last beat came in time.
    case up
    /// No beat within period + grace: its incident is open.
    case late
    /// The job said it failed: its incident is open.
    case failed

    /// Late or failed: an incident is open for it.
    public var isDown: Bool { self == .late || self == .failed }
}
