import Foundation
import HeraldCore
import SQLKit

/// A team's alert storm as stored: in progress while `endedAt` is nil.
public struct StormRecord: Sendable, Equatable, Codable {
    public var id: Int64
    /// The team's id; "" for alerts routed to no team.
    public var team: String
    public var incidentID: String
    public var startedAt: Date
    public var lastDigestAt: Date
    /// How many digests went out; the next one's number is this plus one.
    public var digests: Int
    /// The last alert the digests told of (by id); later ones are the next digest's.
    public var digestedThrough: Int64
    public var endedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, team, digests
        case incidentID = "incident_id"
        case startedAt = "started_at"
        case lastDigestAt = "last_digest_at"
        case digestedThrough = "digested_through"
        case endedAt = "ended_at"
    }
}

extension Store {
    /// Storms in progress, oldest first.
    public func activeStorms() async throws -> [StormRecord] {
        try await read { database in
            try await database.select().column("*").from("alert_storms").where("ended_at", .is, SQLLiteral.null).orderBy("id").all()
                .map { try $0.stormRecord() }
        }
    }

    /// The storms in progress and the latest ended ones, newest first.
    public func storms(limit: Int = 50) async throws -> [StormRecord] {
        try await read { database in
            try await database.select().column("*").from("alert_storms").orderBy("id", .descending).limit(limit).all()
                .map { try $0.stormRecord() }
        }
    }

    /// The alerts that joined the storm since its last digest, in arrival order: every alert of its
    /// incident after the one that began it. Ids, not times: in a burst many arrive in one millisecond.
    public func stormJoins(_ storm: StormRecord) async throws -> [StoredAlert] {
        try await read { database in
            let first = try await database.select().column(SQLFunction("MIN", args: SQLColumn("id")), as: "id").from("alerts")
                .where("incident_id", .equal, storm.incidentID).first()?.decode(column: "id", as: Int64?.self) ?? nil
            return try await database.select().column("*").from("alerts").where("incident_id", .equal, storm.incidentID)
                .where("id", .greaterThan, SQLBind(max(storm.digestedThrough, first ?? 0))).orderBy("id").all().map { try $0.storedAlert() }
        }
    }

    /// How many alerts joined the storm after `since` (the one that began it not counted).
    public func stormJoinCount(_ storm: StormRecord, since: Date) async throws -> Int {
        try await read { database in
            let first = try await database.select().column(SQLFunction("MIN", args: SQLColumn("id")), as: "id").from("alerts")
                .where("incident_id", .equal, storm.incidentID).first()?.decode(column: "id", as: Int64?.self) ?? nil
            return try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("alerts")
                .where("incident_id", .equal, storm.incidentID).where("id", .greaterThan, SQLBind(first ?? 0))
                .where("first_at", .greaterThan, SQLBind(Timestamp.milliseconds(since))).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Records digest number `storm.digests + 1` with its timeline line; false if another node already did.
    public func recordStormDigest(_ storm: StormRecord, joined: [StoredAlert]) async throws -> Bool {
        try await transaction { database in
            let now = self.timestamp()
            let changed = try await database.update("alert_storms").set("last_digest_at", to: SQLBind(now))
                .set("digests", to: SQLBind(Int64(storm.digests + 1)))
                .set("digested_through", to: SQLBind(joined.map(\.id).max() ?? storm.digestedThrough)).where("id", .equal, storm.id)
                .where("digests", .equal, SQLBind(Int64(storm.digests))).where("ended_at", .is, SQLLiteral.null).returning("id").all()
            guard !changed.isEmpty else { return false }
            try await Self.addEvent(
                database, incident: storm.incidentID, kind: .storm, actor: "herald", detail: "digest \(storm.digests + 1): \(joined.count) alerts joined",
                at: now)
            return true
        }
    }

    /// Ends the storm with its timeline line; false if another node already did.
    public func endStorm(_ storm: StormRecord, detail: String) async throws -> Bool {
        try await transaction { database in
            let now = self.timestamp()
            let changed = try await database.update("alert_storms").set("ended_at", to: SQLBind(now)).where("id", .equal, storm.id)
                .where("ended_at", .is, SQLLiteral.null).returning("id").all()
            guard !changed.isEmpty else { return false }
            try await Self.addEvent(database, incident: storm.incidentID, kind: .storm, actor: "herald", detail: detail, at: now)
            return true
        }
    }
}

extension SQLRow {
    func stormRecord() throws -> StormRecord {
        StormRecord(
            id: try integer("id"), team: try text("team_key"), incidentID: try text("incident_id"), startedAt: try date("started_at"),
            lastDigestAt: try date("last_digest_at"), digests: Int(try integer("digests")), digestedThrough: try integer("digested_through"),
            endedAt: try optionalDate("ended_at"))
    }
}
