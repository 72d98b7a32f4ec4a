import Foundation
import HeraldCore
import SQLKit

/// Console sessions, stored so any node serves them. The cookie holds the secret; the table holds
/// its SHA-256. `ConsoleSessionPolicy` in Core decides when one has expired; the store only reads
/// and writes.
extension Store {
    public func createConsoleSession(operatorID: String, clientAddress: String) async throws -> IssuedConsoleSession {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexadecimal
        let id = Identifier.make(using: &generator)
        let now = timestamp()
        let address = String(clientAddress.prefix(100))
        try await transaction { database in
            try await database.insert(into: "console_sessions")
                .columns("id", "operator_id", "secret_sha256", "client_address", "created_at", "last_seen_at")
                .values(SQLBind(id), SQLBind(operatorID), SQLBind(Self.sha256(secret)), SQLBind(address), SQLBind(now), SQLBind(now))
                .run()
            try await Self.auditAsOperator(database, operatorID: operatorID, client: address, action: "signed_in", at: now)
        }
        let session = ConsoleSession(
            id: id, operatorID: operatorID, createdAt: Timestamp.date(now), lastSeenAt: Timestamp.date(now), clientAddress: address)
        return IssuedConsoleSession(session: session, secret: secret)
    }

    /// The live session with this secret and its operator; nil when unknown, revoked, or the operator is disabled.
    public func consoleSession(secret: String) async throws -> (session: ConsoleSession, operator: Operator)? {
        guard secret.utf8.count == 64 else { return nil }
        let hash = Self.sha256(secret)
        return try await read { database in
            let row = try await database.select()
                .column(SQLColumn("id", table: "s"), as: "session_id").column(SQLColumn("created_at", table: "s"), as: "session_created_at")
                .column(SQLColumn("last_seen_at", table: "s"), as: "session_last_seen_at")
                .column(SQLColumn("client_address", table: "s"), as: "session_client_address")
                .column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("o")))
                .from(SQLAlias(SQLIdentifier("console_sessions"), as: SQLIdentifier("s")))
                .join(SQLAlias(SQLIdentifier("operators"), as: SQLIdentifier("o")), on: SQLColumn("operator_id", table: "s"), .equal, SQLColumn("id", table: "o"))
                .where(SQLColumn("secret_sha256", table: "s"), .equal, SQLBind(hash))
                .where(SQLColumn("revoked_at", table: "s"), .is, SQLLiteral.null)
                .where(SQLColumn("disabled_at", table: "o"), .is, SQLLiteral.null)
                .first()
            guard let row else { return nil }
            let account = try row.consoleOperator()
            let session = ConsoleSession(
                id: try row.text("session_id"), operatorID: account.id, createdAt: try row.date("session_created_at"),
                lastSeenAt: try row.date("session_last_seen_at"), clientAddress: try row.text("session_client_address"))
            return (session, account)
        }
    }

    /// Records that the session was used now.
    public func touchConsoleSession(id: String) async throws {
        try await transaction { database in
            try await database.update("console_sessions").set("last_seen_at", to: SQLBind(self.timestamp())).where("id", .equal, id).run()
        }
    }

    /// Ends one session (logout, or an expired one found: `expired`). Ending it twice is harmless.
    public func revokeConsoleSession(id: String, expired: Bool = false) async throws {
        try await transaction { database in
            let now = self.timestamp()
            let ended = try await database.update("console_sessions").set("revoked_at", to: SQLBind(now))
                .where("id", .equal, id).where("revoked_at", .is, SQLLiteral.null).returning("operator_id", "client_address").all()
            for session in ended {
                try await Self.auditAsOperator(
                    database, operatorID: try session.text("operator_id"), client: try session.text("client_address"),
                    action: expired ? "session_expired" : "signed_out", at: now)
            }
        }
    }

    /// An entry made by the operator themselves, whichever request they came in on: signing in has no
    /// actor yet, and an expired session is ended by the next request that finds it.
    static func auditAsOperator(_ database: any SQLDatabase, operatorID: String, client: String, action: String, at now: Int64) async throws {
        guard let row = try await database.select().column("email").column("role").from("operators").where("id", .equal, operatorID).first()
        else { return }
        let actor = AuditActor(name: "user:\(try row.text("email"))", role: try row.text("role"), client: client)
        try await AuditActor.$current.withValue(actor) {
            try await audit(database, action: action, kind: "operator", id: operatorID, at: now)
        }
    }

    /// Ends every session of an operator but `except` ("log out everywhere else"); returns how many ended.
    @discardableResult
    public func revokeConsoleSessions(operatorID: String, except: String? = nil) async throws -> Int {
        try await transaction { database in
            try await Self.revokeSessions(database, operatorID: operatorID, except: except, at: self.timestamp())
        }
    }

    /// The operator's live sessions, newest first.
    public func consoleSessions(operatorID: String) async throws -> [ConsoleSession] {
        try await read { database in
            try await database.select().column("*").from("console_sessions").where("operator_id", .equal, operatorID)
                .where("revoked_at", .is, SQLLiteral.null).orderBy("created_at", .descending).all().map { row in
                    ConsoleSession(
                        id: try row.text("id"), operatorID: operatorID, createdAt: try row.date("created_at"),
                        lastSeenAt: try row.date("last_seen_at"), clientAddress: try row.text("client_address"))
                }
        }
    }

    @discardableResult
    static func revokeSessions(_ database: any SQLDatabase, operatorID: String, except: String?, at now: Int64) async throws -> Int {
        var query = database.select().column("id").from("console_sessions").where("operator_id", .equal, operatorID)
            .where("revoked_at", .is, SQLLiteral.null)
        if let except { query = query.where("id", .notEqual, except) }
        let ids = try await query.all().map { try $0.text("id") }
        guard !ids.isEmpty else { return 0 }
        try await database.update("console_sessions").set("revoked_at", to: SQLBind(now)).where("id", .in, ids).run()
        return ids.count
    }
}

/// Failed sign-ins, which `LoginThrottle` in Core counts per account and per client address.
extension Store {
    public struct LoginFailures: Sendable {
        public var account: [Date]
        public var address: [Date]
    }

    public func recordLoginFailure(email: String, clientAddress: String) async throws {
        let now = timestamp()
        try await transaction { database in
            try await database.insert(into: "login_failures").columns("email", "client_address", "failed_at")
                .values(SQLBind(String(Operator.normalized(email: email).prefix(320))), SQLBind(String(clientAddress.prefix(100))), SQLBind(now)).run()
            // Nothing older than a day is ever counted again.
            try await database.delete(from: "login_failures").where("failed_at", .lessThan, SQLBind(now - 86_400_000)).run()
        }
    }

    /// The failures since `since` of the account `email` and of the address.
    public func loginFailures(email: String, clientAddress: String, since: Date) async throws -> LoginFailures {
        let from = Timestamp.milliseconds(since)
        return try await read { database in
            let account = try await database.select().column("failed_at").from("login_failures")
                .where("email", .equal, Operator.normalized(email: email)).where("failed_at", .greaterThan, SQLBind(from)).all()
                .map { try $0.date("failed_at") }
            let address = try await database.select().column("failed_at").from("login_failures")
                .where("client_address", .equal, clientAddress).where("failed_at", .greaterThan, SQLBind(from)).all()
                .map { try $0.date("failed_at") }
            return LoginFailures(account: account, address: address)
        }
    }

    /// Forgets an account's failures once it signs in.
    public func clearLoginFailures(email: String) async throws {
        try await transaction { database in
            try await database.delete(from: "login_failures").where("email", .equal, Operator.normalized(email: email)).run()
        }
    }
}
