import HeraldCore
import SQLKit

extension Store {
    /// Announcements not yet handed to delivery, oldest first.
    public func pendingAnnouncements(limit: Int = 100) async throws -> [Announcement] {
        try await read { database in
            try await database.select().column("*").from("announcements")
                .where("handed_over_at", .is, SQLLiteral.null)
                .orderBy("id").limit(limit).all().map { try $0.announcement() }
        }
    }

    /// Takes up to `limit` unclaimed announcements for this node to hand over, high severity first.
    /// The claim lasts `lease` seconds: if this node dies before `markHandedOver`, another takes them after.
    public func claimAnnouncements(limit: Int = 100, lease: Int64 = 60) async throws -> [Announcement] {
        try await transaction { database in
            let now = self.timestamp()
            var query = database.select().column("*").from("announcements")
                .where("handed_over_at", .is, SQLLiteral.null)
                .where { $0.where("claimed_until", .is, SQLLiteral.null).orWhere("claimed_until", .lessThan, SQLBind(now)) }
                .orderBy("id").limit(limit)
            // SKIP LOCKED lets two nodes claim different rows at once instead of queueing on the same ones.
            if self.dialect == .postgres { query = query.lockingClause(SQLRaw("FOR UPDATE SKIP LOCKED")) }
            let claimed = try await query.all().map { try $0.announcement() }
            guard !claimed.isEmpty else { return [] }
            try await database.update("announcements").set("claimed_until", to: SQLBind(now + lease * 1000))
                .where("id", .in, claimed.map(\.id)).run()
            return claimed.sorted { ($0.severity, -$0.id) > ($1.severity, -$1.id) }
        }
    }

    /// Marks an announcement as received by delivery; it is not handed over again.
    public func markHandedOver(_ id: Int64) async throws {
        try await transaction { database in
            try await database.update("announcements").set("handed_over_at", to: SQLBind(self.timestamp()))
                .where("id", .equal, id).run()
        }
    }

    public func announcement(id: Int64) async throws -> Announcement {
        try await read { database in
            guard let row = try await database.select().column("*").from("announcements").where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "announcement", id: String(id)) }
            return try row.announcement()
        }
    }

    /// Everything ever announced for a notice, in order.
    public func announcements(noticeID: String) async throws -> [Announcement] {
        try await read { database in
            _ = try await Self.notice(database, id: noticeID)
            return try await database.select().column("*").from("announcements").where("notice_id", .equal, noticeID)
                .orderBy("id").all().map { try $0.announcement() }
        }
    }
}
