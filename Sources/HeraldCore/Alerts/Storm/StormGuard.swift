import Foundation

/// When a team is in an alert storm: more than `threshold` new incidents within `window`. Then
/// new alerts join one storm incident, responders get one page and a digest every `digestEvery`,
/// and the storm ends by itself once the rate falls below the threshold for a whole window.
public struct StormPolicy: Sendable, Equatable {
    public var threshold: Int
    public var window: TimeInterval
    public var digestEvery: TimeInterval

    /// Issue 20's default: 10 new incidents in 5 minutes; a digest every 5 minutes.
    public init(threshold: Int = 10, window: TimeInterval = 300, digestEvery: TimeInterval = 300) {
        self.threshold = threshold
        self.window = window
        self.digestEvery = digestEvery
    }
}

/// The policy per team: the default, and the teams the config file gives their own.
public struct StormSettings: Sendable, Equatable {
    public var standard: StormPolicy
    public var teams: [String: StormPolicy]
    /// Off: no team ever goes into storm mode.
    public var enabled: Bool

    public init(standard: StormPolicy = StormPolicy(), teams: [String: StormPolicy] = [:], enabled: Bool = true) {
        self.standard = standard
        self.teams = teams
        self.enabled = enabled
    }

    /// The policy of `team`; alerts routed to no team count as one team of their own (nil).
    public func policy(for team: String?) -> StormPolicy? {
        guard enabled else { return nil }
        return team.flatMap { teams[$0] } ?? standard
    }
}

/// A team's storm in progress, as the store keeps it.
public struct ActiveStorm: Sendable, Equatable {
    public var incidentID: String
    public var startedAt: Date
    public var lastDigestAt: Date
    /// Alerts that joined the storm within the last window: the incidents that would have opened.
    public var joinedInWindow: Int
    /// Alerts that joined since the last digest (or the first page).
    public var joinedSinceDigest: Int

    public init(incidentID: String, startedAt: Date, lastDigestAt: Date, joinedInWindow: Int, joinedSinceDigest: Int) {
        self.incidentID = incidentID
        self.startedAt = startedAt
        self.lastDigestAt = lastDigestAt
        self.joinedInWindow = joinedInWindow
        self.joinedSinceDigest = joinedSinceDigest
    }
}

/// What storm protection does with an alert that would open a new incident for a team.
public enum StormIntake: Sendable, Equatable {
    /// Below the threshold: it opens its own incident and pages as usual.
    case normal
    /// It is one more than the threshold allows: it opens the storm incident instead, paged once.
    case begin
    /// A storm is on: it joins the storm incident and pages nobody.
    case join(incidentID: String)
}

/// What the storm's periodic look does.
public enum StormTick: Sendable, Equatable {
    case nothing
    /// Tell responders what joined since the last digest.
    case digest(incidentID: String, joined: Int)
    /// The rate fell: the storm ends, saying so with what joined since the last digest.
    case end(incidentID: String, joined: Int)
}

/// Storm protection's rules, pure: the store gives the counts, the engine does what they say.
public enum StormGuard {
    /// `openedInWindow`: the team's incidents opened within the policy's window before `now`;
    /// `activeIncidentID`: the incident of the team's storm in progress, if one is.
    public static func intake(openedInWindow: Int, activeIncidentID: String?, policy: StormPolicy?) -> StormIntake {
        guard let policy else { return .normal }
        if let activeIncidentID { return .join(incidentID: activeIncidentID) }
        return openedInWindow + 1 > policy.threshold ? .begin : .normal
    }

    /// A storm lasts at least one window, then ends once fewer than `threshold` alerts joined in
    /// the last window; meanwhile a digest goes out every `digestEvery` when anything joined.
    public static func tick(_ storm: ActiveStorm?, policy: StormPolicy?, at now: Date) -> StormTick {
        guard let storm else { return .nothing }
        // A storm whose team lost its policy (storm mode turned off) ends at once.
        guard let policy else { return .end(incidentID: storm.incidentID, joined: storm.joinedSinceDigest) }
        if now.timeIntervalSince(storm.startedAt) >= policy.window, storm.joinedInWindow < policy.threshold {
            return .end(incidentID: storm.incidentID, joined: storm.joinedSinceDigest)
        }
        if storm.joinedSinceDigest > 0, now.timeIntervalSince(storm.lastDigestAt) >= policy.digestEvery {
            return .digest(incidentID: storm.incidentID, joined: storm.joinedSinceDigest)
        }
        return .nothing
    }
}
