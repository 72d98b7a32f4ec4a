import Foundation
import SQLKit

/// How a scheduled job last went, on whichever node ran it.
public struct ScheduledJobRecord: Sendable, Equatable {
    public var name: String
    public var lastSuccessAt: Date?
    public var lastFailureAt: Date?
    public var lastError: String?
    /// What the last success made (a backup's path).
    public var lastResult: String?
}

extension Store {
    /// Takes the job `name` for `node` until `until`, if nobody holds it now; true when taken. Two
    /// nodes asking at once get one yes between them: the conditional update decides, in one statement.
    public func leaseJob(_ name: String, node: String, until: Date) async throws -> Bool {
        let now = timestamp()
        return try await transaction { database in
            try await database.insert(into: "scheduled_jobs").columns("name", "leased_until", "leased_by")
                .values(SQLBind(name), SQLBind(Int64(0)), SQLBind("")).ignoringConflicts(with: ["name"]).run()
            let taken = try await database.update("scheduled_jobs")
                .set("leased_until", to: SQLBind(Timestamp.milliseconds(until))).set("leased_by", to: SQLBind(node))
                .where("name", .equal, name).where("leased_until", .lessThanOrEqual, SQLBind(now))
                .returning("name").all()
            return !taken.isEmpty
        }
    }

    /// Records a success (with what it made) or a failure (with why) of the job `name`.
    public func recordJob(_ name: String, succeededWith result: String? = nil, failedWith error: String? = nil) async throws {
        let now = timestamp()
        try await transaction { database in
            var update = database.update("scheduled_jobs").where("name", .equal, name)
            if let error {
                update = update.set("last_failure_at", to: SQLBind(now)).set("last_error", to: SQLBind(error))
            } else {
                update = update.set("last_success_at", to: SQLBind(now)).set("last_result", to: SQLBind(result))
            }
            try await update.run()
        }
    }

    /// How the job `name` last went; nil before it first ran.
    public func jobRecord(_ name: String) async throws -> ScheduledJobRecord? {
        try await read { database in
            guard let row = try await database.select().column("*").from("scheduled_jobs").where("name", .equal, name).first() else { return nil }
            return ScheduledJobRecord(
                name: name, lastSuccessAt: try row.optionalDate("last_success_at"), lastFailureAt: try row.optionalDate("last_failure_at"),
                lastError: try row.optionalText("last_error"), lastResult: try row.optionalText("last_result"))
        }
    }
}
