import Foundation

/// What the store knows, inside the transaction, about the situation an alert arrives in: the
/// facts `AlertIntake.decide` decides on.
public struct IntakeFacts: Sendable, Equatable {
    /// The alert with the same dedup key that has not resolved, if there is one.
    public var openAlert: OpenAlert?
    /// The newest unresolved incident of the alert's group, if a new alert could join one.
    public var joinable: JoinableIncident?
    /// The catalogue's components among the alert's component names, with their status now.
    public var components: [String: ComponentStatus]
    /// A silence whose matchers hold for the alert's labels now.
    public var silence: Silence?
    /// An open alert that an inhibition rule says mutes this one.
    public var inhibitor: InhibitingAlert?
    /// The running maintenance notice that holds one of the alert's components.
    public var maintenance: String?
    /// On a resolve: how many other alerts of the incident are still open.
    public var otherOpenAlerts: Int
    /// On a resolve: how often the alert's key fired within the flap window.
    public var recentFirings: Int
    /// For a new alert that would open an incident while storm protection is on: its team's rate and storm.
    public var storm: StormFacts?

    public init(
        openAlert: OpenAlert? = nil, joinable: JoinableIncident? = nil, components: [String: ComponentStatus] = [:], silence: Silence? = nil,
        inhibitor: InhibitingAlert? = nil, maintenance: String? = nil, otherOpenAlerts: Int = 0, recentFirings: Int = 0,
        storm: StormFacts? = nil
    ) {
        self.storm = storm
        self.openAlert = openAlert
        self.joinable = joinable
        self.components = components
        self.silence = silence
        self.inhibitor = inhibitor
        self.maintenance = maintenance
        self.otherOpenAlerts = otherOpenAlerts
        self.recentFirings = recentFirings
    }

    /// An unresolved alert as intake sees it; its incident is open, since resolving one settles its alerts.
    public struct OpenAlert: Sendable, Equatable {
        public var id: Int64
        public var incidentID: String
        public var summary: String

        public init(id: Int64, incidentID: String, summary: String) {
            self.id = id
            self.incidentID = incidentID
            self.summary = summary
        }
    }

    /// An open incident a new alert of the same group joins.
    public struct JoinableIncident: Sendable, Equatable {
        public var id: String
        public var severity: Severity
        /// Set while it waits, flapping, to be sure its alerts stay clear.
        public var quietUntil: Date?
        /// When joined alerts are next announced, if that is already planned.
        public var updateDueAt: Date?
        /// -1 while the first page waits for the group wait.
        public var escalationStep: Int?
        /// When its people were last paged or told.
        public var notifiedAt: Date?

        public init(
            id: String, severity: Severity, quietUntil: Date? = nil, updateDueAt: Date? = nil, escalationStep: Int? = nil, notifiedAt: Date? = nil
        ) {
            self.id = id
            self.severity = severity
            self.quietUntil = quietUntil
            self.updateDueAt = updateDueAt
            self.escalationStep = escalationStep
            self.notifiedAt = notifiedAt
        }
    }

    /// An open alert that mutes others.
    public struct InhibitingAlert: Sendable, Equatable {
        public var id: Int64
        public var summary: String

        public init(id: Int64, summary: String) {
            self.id = id
            self.summary = summary
        }
    }

    /// What storm protection decides on: how many incidents the alert's team opened within the
    /// policy's window, and the incident of its storm in progress.
    public struct StormFacts: Sendable, Equatable {
        public var openedInWindow: Int
        public var active: JoinableIncident?

        public init(openedInWindow: Int, active: JoinableIncident? = nil) {
            self.openedInWindow = openedInWindow
            self.active = active
        }
    }
}
