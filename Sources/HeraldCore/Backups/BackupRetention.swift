import Foundation

/// Which backups a scheduled backup deletes after a new one succeeded.
public enum BackupRetention {
    /// A backup as the directory listing shows it.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var createdAt: Date

        public init(name: String, createdAt: Date) {
            self.name = name
            self.createdAt = createdAt
        }
    }

    /// The names to delete: those beyond the newest `keep`, and those older than `maxAge`.
    /// The newest backup is never deleted, whatever the limits say, so an operator who set a short
    /// age is not left without any backup when the schedule stalls.
    public static func expired(_ backups: [Entry], keep: Int?, maxAge: TimeInterval?, now: Date) -> [String] {
        let newestFirst = backups.sorted { ($0.createdAt, $0.name) > ($1.createdAt, $1.name) }
        return newestFirst.enumerated().compactMap { index, entry in
            guard index > 0 else { return nil }
            let beyondCount = keep.map { index >= max($0, 1) } ?? false
            let tooOld = maxAge.map { now.timeIntervalSince(entry.createdAt) > $0 } ?? false
            return beyondCount || tooOld ? entry.name : nil
        }
    }
}
