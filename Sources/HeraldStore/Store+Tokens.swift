import Crypto
import Foundation
import HeraldCore
import SQLKit

extension Store {
    /// Every secret starts with this, so a leaked one is easy to recognise and search for.
    public static let tokenPrefix = "hrld_"

    /// Makes a token and returns its secret, which is not stored and cannot be shown again.
    public func createToken(name: String, role: Role, createdBy: String) async throws -> IssuedToken {
        try ValidationFailure.check(Validate.text(name, field: "name", maximum: 100))
        return try await transaction { database in
            let issued = try await Self.insertToken(database, name: name, role: role, createdBy: createdBy, at: self.timestamp())
            try await Self.auditTokenCreated(database, issued.token, at: self.timestamp())
            return issued
        }
    }

    /// The new token's fields, never its secret (only its SHA-256 is stored, and that is masked too).
    static func auditTokenCreated(_ database: any SQLDatabase, _ token: APIToken, at now: Int64) async throws {
        try await audit(
            database, action: "created", kind: "token", id: token.id,
            change: AuditChange.between(nil, try await auditSnapshot(database, table: "api_tokens", id: token.id)), at: now)
    }

    /// On the first start with no tokens at all, makes one admin token so the operator can get in.
    /// Returns nil when any token exists, so it is printed once in the life of a database.
    public func createBootstrapTokenIfNone() async throws -> IssuedToken? {
        try await transaction { database in
            if self.dialect == .postgres {
                // Two nodes starting together must not both mint a bootstrap token.
                try await database.raw("LOCK TABLE api_tokens IN EXCLUSIVE MODE").run()
            }
            let existing = try await database.select().column("id").from("api_tokens").limit(1).first()
            guard existing == nil else { return nil }
            let issued = try await Self.insertToken(
                database, name: "bootstrap", role: .admin, createdBy: "herald (first start)", at: self.timestamp())
            try await Self.auditTokenCreated(database, issued.token, at: self.timestamp())
            return issued
        }
    }

    public func tokens() async throws -> [APIToken] {
        try await read { database in
            try await database.select().column("*").from("api_tokens").orderBy("created_at").orderBy("id")
                .all().map { try $0.apiToken() }
        }
    }

    /// Revokes a token at once; its later requests get 401. Revoking twice is harmless.
    public func revokeToken(id: String) async throws -> APIToken {
        try await transaction { database in
            guard try await database.select().column("id").from("api_tokens").where("id", .equal, id).first() != nil
            else { throw StoreError.notFound(kind: "token", id: id) }
            try await Self.recordingChange(database, table: "api_tokens", id: id, kind: "token", action: "revoked", at: self.timestamp()) {
                try await database.update("api_tokens").set("revoked_at", to: SQLBind(self.timestamp()))
                    .where("id", .equal, id).where("revoked_at", .is, SQLLiteral.null).run()
            }
            guard let row = try await database.select().column("*").from("api_tokens").where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "token", id: id) }
            return try row.apiToken()
        }
    }

    /// The live token with this secret, or nil for an unknown or revoked one.
    public func authenticate(secret: String) async throws -> APIToken? {
        guard secret.hasPrefix(Self.tokenPrefix), secret.utf8.count < 200 else { return nil }
        let hash = Self.sha256(secret)
        let now = timestamp()
        let found = try await read { database in
            try await database.select().column("*").from("api_tokens").where("secret_sha256", .equal, hash).first()
                .map { try $0.apiToken() }
        }
        guard let token = found, token.revokedAt == nil else { return nil }
        // Recording every use would turn each read into a write; once a minute is enough to spot unused tokens.
        if token.lastUsedAt.map({ now - Timestamp.milliseconds($0) > 60_000 }) ?? true {
            try await transaction { database in
                try await database.update("api_tokens").set("last_used_at", to: SQLBind(now))
                    .where("id", .equal, token.id).run()
            }
        }
        return token
    }

    static func insertToken(_ database: any SQLDatabase, name: String, role: Role, createdBy: String, at now: Int64)
        async throws -> IssuedToken
    {
        var generator = SystemRandomNumberGenerator()
        let secretBytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = tokenPrefix + secretBytes.hexadecimal
        let id = Identifier.make(using: &generator)
        let hint = String(secret.suffix(4))
        try await database.insert(into: "api_tokens")
            .columns("id", "name", "role", "secret_sha256", "hint", "created_by", "created_at")
            .values(
                SQLBind(id), SQLBind(name), SQLBind(role.rawValue), SQLBind(sha256(secret)), SQLBind(hint),
                SQLBind(createdBy), SQLBind(now)
            )
            .run()
        let token = APIToken(
            id: id, name: name, role: role, hint: hint, createdBy: createdBy, createdAt: Timestamp.date(now))
        return IssuedToken(token: token, secret: secret)
    }

    static func sha256(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).hexadecimal
    }
}


extension SQLRow {
    func apiToken() throws -> APIToken {
        APIToken(
            id: try text("id"), name: try text("name"), role: try enumeration("role", as: Role.self),
            hint: try text("hint"), createdBy: try text("created_by"), createdAt: try date("created_at"),
            lastUsedAt: try optionalDate("last_used_at"), revokedAt: try optionalDate("revoked_at"))
    }
}
