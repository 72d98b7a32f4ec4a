import Foundation
import HeraldCore
import SQLKit

/// The lists the console's people, feedback and catalogue screens page through, with their filters.
extension Store {
    /// Contacts by name, those whose name or any address contains `search` (any case), and only the
    /// members of `group` when one is given.
    public func contacts(matching search: String?, group: String?, page request: PageRequest) async throws -> Page<Contact> {
        try await read { database in
            var query = database.select().column("*").from("contacts")
            if let search, !search.isEmpty {
                let pattern = SQLBind("%" + Self.likeEscaped(search.lowercased()) + "%")
                let like = { (column: String) in
                    SQLBinaryExpression(left: SQLFunction("LOWER", args: SQLColumn(column)), op: SQLBinaryOperator.like, right: SQLLikeEscaped(pattern))
                }
                query = query.where(SQLGroupExpression(SQLBinaryExpression(left: like("name"), op: SQLBinaryOperator.or, right: like("addresses_json"))))
            }
            if let group, !group.isEmpty {
                query = query.where("groups_json", .like, SQLLikeEscaped(SQLBind("%\"" + Self.likeEscaped(group) + "\"%")))
            }
            return try await Self.page(
                query, order: .by(("name", .text, descending: false), ("id", .text, descending: false)), request) { try $0.contact() }
        }
    }

    /// `%`, `_` and `\` match themselves.
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    /// Each contact group by name, with how many contacts are in it and its first `shown` members
    /// by name: one query, which reads only the contacts that have a group (migration 29's index).
    public func contactGroups(shown: Int) async throws -> [(group: String, count: Int, members: [(id: String, name: String)])] {
        let elements = dialect == .sqlite
            ? "contacts c, json_each(c.groups_json) g"
            : "contacts c CROSS JOIN LATERAL json_array_elements_text(c.groups_json::json) AS g(value)"
        let rows = try await read { database in
            try await database.raw("""
                SELECT name_of_group, id, name, members FROM (
                    SELECT g.value AS name_of_group, c.id AS id, c.name AS name,
                           ROW_NUMBER() OVER (PARTITION BY g.value ORDER BY c.name, c.id) AS position,
                           COUNT(*) OVER (PARTITION BY g.value) AS members
                    FROM \(unsafeRaw: elements) WHERE c.groups_json <> '[]'
                ) ranked WHERE position <= \(bind: shown) ORDER BY name_of_group, position
                """).all()
        }
        var groups: [(group: String, count: Int, members: [(id: String, name: String)])] = []
        for row in rows {
            let group = try row.text("name_of_group")
            if groups.last?.group != group { groups.append((group, Int(try row.integer("members")), [])) }
            groups[groups.count - 1].members.append((try row.text("id"), try row.text("name")))
        }
        return groups
    }

    /// Every group and every role some contact has, sorted, for the composer's audience choices:
    /// one query over the distinct lists (migration 29's indexes), never the contacts themselves.
    public func contactLabels() async throws -> (groups: [String], roles: [String]) {
        let rows = try await read { database in
            try await database.raw("""
                SELECT 'group' AS kind, groups_json AS names FROM contacts WHERE groups_json <> '[]' GROUP BY groups_json
                UNION ALL
                SELECT 'role' AS kind, roles_json AS names FROM contacts WHERE roles_json <> '[]' GROUP BY roles_json
                """).all()
        }
        var groups = Set<String>(), roles = Set<String>()
        for row in rows {
            let names = try JSONDecoder().decode([String].self, from: Data(try row.text("names").utf8))
            if try row.text("kind") == "group" { groups.formUnion(names) } else { roles.formUnion(names) }
        }
        return (groups.sorted(), roles.sorted())
    }

    /// Subscriptions, newest first, optionally in one state.
    public func subscriptions(state: Subscription.State?, page request: PageRequest) async throws -> Page<Subscription> {
        try await read { database in
            var query = database.select().column("*").from("subscriptions")
            if let state { query = query.where("state", .equal, state.rawValue) }
            return try await Self.page(
                query, order: .by(("created_at", .integer, descending: true), ("id", .text, descending: false)), request) { try $0.subscription() }
        }
    }

    /// Ends a subscription as its own unsubscribe link does (the contact it became withdraws its consent).
    public func removeSubscription(id: String) async throws -> Subscription {
        let token = try await read { database in
            try await database.select().column("manage_token").from("subscriptions").where("id", .equal, id).first()?.text("manage_token")
        }
        guard let token, let removed = try await unsubscribeSubscription(manageToken: token, actor: nil) else {
            throw StoreError.notFound(kind: "subscription", id: id)
        }
        return removed
    }

    /// Feedback tickets in one state (or all), oldest first.
    public func feedback(state: FeedbackTicket.State?, page request: PageRequest) async throws -> Page<FeedbackTicket> {
        try await read { database in
            var query = database.select().column("*").from("feedback_tickets")
            if let state { query = query.where("state", .equal, state.rawValue) }
            return try await Self.page(
                query, order: .by(("created_at", .integer, descending: false), ("id", .text, descending: false)), request) {
                try $0.feedbackTicket(replies: [])
            }
        }
    }

    /// What each of `subjects` is called, in one query: a notice's title (both languages), an
    /// incident's title. A subject that no longer exists is left out.
    public func feedbackSubjectTitles(_ subjects: [FeedbackTicket.Subject]) async throws -> [FeedbackTicket.Subject: LocalizedText] {
        var noticeIDs: [any Encodable & Sendable] = [], incidentIDs: [any Encodable & Sendable] = []
        for subject in Set(subjects) {
            switch subject {
            case .notice(let id): noticeIDs.append(id)
            case .incident(let id): incidentIDs.append(id)
            }
        }
        // An empty IN () is not SQL; an id no table holds keeps each half valid.
        let notices = noticeIDs.isEmpty ? [""] : noticeIDs
        let incidents = incidentIDs.isEmpty ? [""] : incidentIDs
        let rows = try await read { database in
            try await database.raw("""
                SELECT 'notice' AS kind, id, content AS title FROM notices WHERE id IN (\(binds: notices))
                UNION ALL
                SELECT 'incident' AS kind, id, title FROM incidents WHERE id IN (\(binds: incidents))
                """).all()
        }
        var titles: [FeedbackTicket.Subject: LocalizedText] = [:]
        for row in rows {
            let id = try row.text("id")
            if try row.text("kind") == "notice" {
                titles[.notice(id)] = try Self.decodeContent(try row.text("title")).title
            } else {
                let title = try row.text("title")
                titles[.incident(id)] = LocalizedText(zhCN: title, en: title)
            }
        }
        return titles
    }

    /// The newest status changes of every component.
    public func recentStatusChanges(limit: Int) async throws -> [ComponentStatusChange] {
        try await read { database in
            try await database.select().column("*").from("component_status_changes").orderBy("id", .descending).limit(limit).all()
                .map { try $0.statusChange() }
        }
    }
}

/// `x LIKE pattern ESCAPE '\'`, the same on SQLite and PostgreSQL.
struct SQLLikeEscaped: SQLExpression {
    let pattern: any SQLExpression

    init(_ pattern: any SQLExpression) { self.pattern = pattern }

    func serialize(to serializer: inout SQLSerializer) {
        pattern.serialize(to: &serializer)
        serializer.write(" ESCAPE '\\'")
    }
}
