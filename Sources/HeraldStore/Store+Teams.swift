import Foundation
import HeraldCore
import SQLKit

extension Store {
    // MARK: Teams

    /// Creates or replaces a team.
    public func saveTeam(_ team: Team) async throws -> Team {
        try await transaction { [dialect] database in
            try await Self.lockReferences(database, dialect: dialect)
            let policy = String(decoding: try JSONEncoder().encode(team.escalation), as: UTF8.self)
            try await Self.recordingChange(database, table: "teams", id: team.id, kind: "team", at: self.timestamp()) {
                try await database.insert(into: "teams").columns("id", "name", "escalation_json", "created_at")
                    .values(SQLBind(team.id), SQLBind(team.name), SQLBind(policy), SQLBind(self.timestamp()))
                    .onConflict(with: ["id"]) { $0.set("name", to: SQLBind(team.name)).set("escalation_json", to: SQLBind(policy)) }
                    .run()
            }
            return team
        }
    }

    public func teams() async throws -> [Team] {
        try await read { database in
            try await database.select().column("*").from("teams").orderBy("id").all().map { try $0.team() }
        }
    }

    public func team(id: String) async throws -> Team {
        try await read { database in
            guard let row = try await database.select().column("*").from("teams").where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "team", id: id) }
            return try row.team()
        }
    }

    // MARK: Routes

    /// The routing rules in the order they are tried.
    public func alertRoutes() async throws -> [AlertRoute] {
        try await read { database in
            try await database.select().column("definition_json").from("alert_routes").orderBy("position").all()
                .map { try JSONDecoder().decode(AlertRoute.self, from: Data(try $0.text("definition_json").utf8)) }
        }
    }

    /// The routing rules, read again at most every `maxAge` seconds: every alert needs them, they
    /// rarely change, and a change made through this node is seen at once (other nodes within `maxAge`).
    public func cachedAlertRoutes(maxAge: TimeInterval = 5) async throws -> [AlertRoute] {
        let at = now()
        if let cached = routeCache.withLock({ $0 }), at.timeIntervalSince(cached.readAt) < maxAge, at >= cached.readAt {
            return cached.routes
        }
        let routes = try await alertRoutes()
        routeCache.withLock { $0 = (routes, at) }
        return routes
    }

    /// Replaces every routing rule at once, so alerts never see half of a new set.
    public func replaceAlertRoutes(_ routes: [AlertRoute]) async throws {
        defer { routeCache.withLock { $0 = nil } }
        try await transaction { database in
            let before = try await database.select().column("definition_json").from("alert_routes").orderBy("position").all()
                .map { try JSONValue.parse(Array(try $0.text("definition_json").utf8)) }
            try await database.delete(from: "alert_routes").run()
            var after: [JSONValue] = []
            for (position, route) in routes.enumerated() {
                let definition = String(decoding: try JSONEncoder().encode(route), as: UTF8.self)
                after.append(try JSONValue.parse(Array(definition.utf8)))
                try await database.insert(into: "alert_routes").columns("position", "definition_json")
                    .values(SQLBind(Int64(position)), SQLBind(definition)).run()
            }
            // The rules are one record: the entry holds the whole set before and after.
            if before != after {
                try await Self.audit(
                    database, action: "replaced", kind: "alert_routes", id: "*",
                    change: AuditChange(["routes": .init(before: .array(before), after: .array(after))]), at: self.timestamp())
            }
        }
    }
}

extension SQLRow {
    func team() throws -> Team {
        Team(
            id: try text("id"), name: try text("name"),
            escalation: try JSONDecoder().decode(EscalationPolicy.self, from: Data(try text("escalation_json").utf8)))
    }
}
