import Foundation
import HeraldCore
import SQLKit

/// The one-time link that makes the first admin. While no operator exists, each start of
/// `herald serve` makes a new one and the earlier unused ones stop working; once an operator exists
/// none is made again, and using a link creates the admin and uses the link up in one transaction.
extension Store {
    /// A new link's secret, or nil when operators exist already.
    public func createSetupLinkIfNoOperators() async throws -> String? {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexadecimal
        return try await transaction { database in
            if self.dialect == .postgres {
                try await database.raw("LOCK TABLE setup_links IN EXCLUSIVE MODE").run()
            }
            guard try await database.select().column("id").from("operators").limit(1).first() == nil else { return nil }
            try await database.delete(from: "setup_links").where("used_at", .is, SQLLiteral.null).run()
            try await database.insert(into: "setup_links").columns("secret_sha256", "created_at")
                .values(SQLBind(Self.sha256(secret)), SQLBind(self.timestamp())).run()
            return secret
        }
    }

    /// Whether `secret` is a link that can still make the first admin.
    public func setupLinkIsOpen(secret: String) async throws -> Bool {
        guard secret.utf8.count == 48 else { return false }
        return try await read { database in
            guard try await database.select().column("id").from("operators").limit(1).first() == nil else { return false }
            return try await database.select().column("secret_sha256").from("setup_links")
                .where("secret_sha256", .equal, Self.sha256(secret)).where("used_at", .is, SQLLiteral.null).first() != nil
        }
    }

    /// Makes the first admin with the link; nil when the link is unknown, used, or an operator exists.
    public func consumeSetupLink(secret: String, email: String, name: String, passwordHash: String) async throws -> Operator? {
        guard secret.utf8.count == 48 else { return nil }
        return try await transaction { database in
            if self.dialect == .postgres {
                try await database.raw("LOCK TABLE setup_links IN EXCLUSIVE MODE").run()
            }
            let hash = Self.sha256(secret)
            guard try await database.select().column("id").from("operators").limit(1).first() == nil,
                try await database.select().column("secret_sha256").from("setup_links").where("secret_sha256", .equal, hash)
                    .where("used_at", .is, SQLLiteral.null).first() != nil
            else { return nil }
            let now = self.timestamp()
            try await database.update("setup_links").set("used_at", to: SQLBind(now)).where("secret_sha256", .equal, hash).run()
            let made = try await Self.insertOperator(
                database, email: email, name: name, role: .admin, passwordHash: passwordHash, createdBy: "setup link", at: now)
            try await Self.audit(
                database, actor: "setup link", action: "created", kind: "operator", id: made.id,
                change: AuditChange.between(nil, try await Self.auditSnapshot(database, table: "operators", id: made.id)), at: now)
            return made
        }
    }
}
