import Foundation

/// Scheduled backups as the config's `backups` section sets them, and when one is due.
///
/// Each success beats a built-in heartbeat monitor; a failure reports `fail` to it. So a failed
/// backup opens an incident at once, one that never came (Herald down, the schedule stuck) opens
/// one when the monitor is late, and the next success resolves it: routed, escalated and paged
/// like any alert, to `teamID` when one is named.
public struct BackupSchedule: Sendable, Equatable {
    /// The name of the heartbeat monitor the schedule beats.
    public static let monitorName = "herald-backups"

    public var every: TimeInterval
    /// Where the backups go, as `herald backup --to` takes it.
    public var directory: String
    /// How many to keep, and for how long; the newest is never deleted (`BackupRetention`).
    public var keep: Int?
    public var maxAge: TimeInterval?
    /// Whether each backup is restored into a scratch database and compared with its manifest.
    public var verify: Bool
    public var teamID: String?
    public var keyFile: String?

    public init(
        every: TimeInterval, directory: String = "herald-backups", keep: Int? = 7, maxAge: TimeInterval? = nil, verify: Bool = true,
        teamID: String? = nil, keyFile: String? = nil
    ) {
        self.every = every
        self.directory = directory
        self.keep = keep
        self.maxAge = maxAge
        self.verify = verify
        self.teamID = teamID
        self.keyFile = keyFile
    }

    /// A backup is late, and its monitor opens an incident, when none succeeded for `every` and this.
    public var grace: TimeInterval { max(every / 2, 600) }

    /// How long a node holds the job once it starts a backup: no other node starts one meanwhile,
    /// and after a failure it is also the wait before the next try.
    public var lease: TimeInterval { min(max(every / 4, 300), 3600) }

    /// Whether a backup is due: never made, or the last success is `every` old.
    public func isDue(lastSuccess: Date?, now: Date) -> Bool {
        guard let lastSuccess else { return true }
        return now.timeIntervalSince(lastSuccess) >= every
    }
}
