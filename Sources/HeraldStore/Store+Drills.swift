import Foundation
import HeraldCore
import SQLKit

/// Drills and tests are incidents of their own kind (migration 40); these read them back.
extension Store {
    /// The drills and tests (or only those of `kinds`), of one team when `team` is given, the newest first.
    public func drills(team: String? = nil, kinds: Set<IncidentKind> = [.drill, .test], limit: Int = 100) async throws -> [Incident] {
        try await read { database in
            var query = database.select().column("*").from("incidents")
                .where("kind", .in, SQLBind.group(kinds.subtracting([.real]).map(\.rawValue).sorted()))
            if let team { query = query.where("team_id", .equal, SQLBind(team)) }
            return try await query.orderBy("created_at", .descending).orderBy("id").limit(limit).all().map { try $0.incident() }
        }
    }
}
