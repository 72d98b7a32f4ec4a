import Foundation
import HeraldCore
import SQLKit

extension Store {
    public func createSchedule(_ schedule: OnCallSchedule) async throws -> OnCallSchedule {
        try await transaction { database in
            if try await database.select().column("id").from("schedules").where("id", .equal, schedule.id).first() != nil {
                throw StoreError.conflict(FieldError("id", .problemScheduleExists, values: ["id": schedule.id]))
            }
            try await Self.recordingChange(database, table: "schedules", id: schedule.id, kind: "schedule", at: self.timestamp()) {
                try await database.insert(into: "schedules").columns("id", "definition_json", "created_at")
                    .values(SQLBind(schedule.id), SQLBind(String(decoding: try JSONEncoder().encode(schedule), as: UTF8.self)), SQLBind(self.timestamp()))
                    .run()
            }
            return schedule
        }
    }

    public func schedules() async throws -> [OnCallSchedule] {
        try await read { database in
            try await database.select().column("definition_json").from("schedules").orderBy("id").all()
                .map { try JSONDecoder().decode(OnCallSchedule.self, from: Data(try $0.text("definition_json").utf8)) }
        }
    }

    public func schedule(id: String) async throws -> OnCallSchedule {
        try await read { database in try await Self.schedule(database, id: id) }
    }

    /// Adds an override; the latest added wins where overrides overlap.
    public func addOverride(scheduleID: String, _ override: OnCallSchedule.Override) async throws -> OnCallSchedule {
        try await transaction { database in
            var schedule = try await Self.schedule(database, id: scheduleID)
            schedule.overrides.append(override)
            try await Self.recordingChange(database, table: "schedules", id: scheduleID, kind: "schedule", action: "override added", at: self.timestamp()) {
                try await database.update("schedules")
                    .set("definition_json", to: SQLBind(String(decoding: try JSONEncoder().encode(schedule), as: UTF8.self)))
                    .where("id", .equal, scheduleID).run()
            }
            return schedule
        }
    }

    static func schedule(_ database: any SQLDatabase, id: String) async throws -> OnCallSchedule {
        guard let row = try await database.select().column("definition_json").from("schedules").where("id", .equal, id).first()
        else { throw StoreError.notFound(kind: "schedule", id: id) }
        return try JSONDecoder().decode(OnCallSchedule.self, from: Data(try row.text("definition_json").utf8))
    }
}

extension Store {
    /// Every contact, contact group and on-call schedule, for checking what escalations name.
    public func escalationTargets() async throws -> EscalationTargets {
        let contacts = try await contacts()
        return EscalationTargets(
            contacts: Set(contacts.map(\.id)), groups: Set(contacts.flatMap(\.groups)), schedules: Set(try await schedules().map(\.id)))
    }
}
