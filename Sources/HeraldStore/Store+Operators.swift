import Foundation
import HeraldCore
import SQLKit

/// Operators: the people who sign in to the console. Passwords arrive already hashed (bcrypt, in
/// HeraldApp's `OperatorPassword`); the store never sees one in the clear.
extension Store {
    /// Adds an operator; an address already in use is a conflict on `email`.
    public func createOperator(email: String, name: String, role: Role, passwordHash: String, createdBy: String) async throws -> Operator {
        try await transaction { database in
            let made = try await Self.insertOperator(
                database, email: email, name: name, role: role, passwordHash: passwordHash, createdBy: createdBy, at: self.timestamp())
            try await Self.audit(
                database, action: "created", kind: "operator", id: made.id,
                change: AuditChange.between(nil, try await Self.auditSnapshot(database, table: "operators", id: made.id)), at: self.timestamp())
            return made
        }
    }

    static func insertOperator(
        _ database: any SQLDatabase, email: String, name: String, role: Role, passwordHash: String, createdBy: String, at now: Int64
    ) async throws -> Operator {
        let address = Operator.normalized(email: email)
        if try await database.select().column("id").from("operators").where("email", .equal, address).first() != nil {
            throw StoreError.conflict(FieldError("email", .problemOperatorEmailTaken))
        }
        let id = Identifier.make()
        try await database.insert(into: "operators")
            .columns("id", "email", "name", "role", "password_hash", "created_by", "created_at", "updated_at")
            .values(
                SQLBind(id), SQLBind(address), SQLBind(name), SQLBind(role.rawValue), SQLBind(passwordHash), SQLBind(createdBy),
                SQLBind(now), SQLBind(now)
            ).run()
        return Operator(id: id, email: address, name: name, role: role, createdBy: createdBy, createdAt: Timestamp.date(now))
    }

    /// Whether anyone can sign in to the console yet (disabled operators count: they were made).
    public func hasOperators() async throws -> Bool {
        try await read { database in try await database.select().column("id").from("operators").limit(1).first() != nil }
    }

    /// Operators by address, a page at a time.
    public func operators(page request: PageRequest) async throws -> Page<Operator> {
        try await read { database in
            try await Self.page(
                database.select().column("*").from("operators"), order: .by(("email", .text, descending: false)), request
            ) { try $0.consoleOperator() }
        }
    }

    public func operatorAccount(id: String) async throws -> Operator? {
        try await read { database in
            try await database.select().column("*").from("operators").where("id", .equal, id).first().map { try $0.consoleOperator() }
        }
    }

    /// What signing in checks, by address (any case); nil for an unknown address.
    public func operatorCredentials(email: String) async throws -> OperatorCredentials? {
        try await read { database in
            try await database.select().column("*").from("operators").where("email", .equal, Operator.normalized(email: email)).first()
                .map { try $0.operatorCredentials() }
        }
    }

    public func operatorCredentials(id: String) async throws -> OperatorCredentials? {
        try await read { database in
            try await database.select().column("*").from("operators").where("id", .equal, id).first().map { try $0.operatorCredentials() }
        }
    }

    /// Disables or enables an operator. Disabling ends all of their sessions at once.
    @discardableResult
    public func setOperatorDisabled(id: String, _ disabled: Bool) async throws -> Operator {
        try await updateOperator(id: id) { database, now in
            try await database.update("operators").set("disabled_at", to: disabled ? SQLBind(now) : SQLBind(Int64?.none))
                .set("updated_at", to: SQLBind(now)).where("id", .equal, id).run()
            if disabled { try await Self.revokeSessions(database, operatorID: id, except: nil, at: now) }
        }
    }

    @discardableResult
    public func setOperatorRole(id: String, _ role: Role) async throws -> Operator {
        try await updateOperator(id: id) { database, now in
            try await database.update("operators").set("role", to: SQLBind(role.rawValue)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, id).run()
        }
    }

    /// A new password; every other session of theirs ends (`keeping` is the one that changed it).
    public func setOperatorPassword(id: String, passwordHash: String, keeping session: String?) async throws {
        _ = try await updateOperator(id: id) { database, now in
            try await database.update("operators").set("password_hash", to: SQLBind(passwordHash)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, id).run()
            try await Self.revokeSessions(database, operatorID: id, except: session, at: now)
        }
    }

    /// Their language and zone; nil follows the browser and the status page.
    @discardableResult
    public func setOperatorPreferences(id: String, language: Language?, timeZone: String?) async throws -> Operator {
        try await updateOperator(id: id) { database, now in
            try await database.update("operators").set("language", to: SQLBind(language?.rawValue)).set("time_zone", to: SQLBind(timeZone))
                .set("updated_at", to: SQLBind(now)).where("id", .equal, id).run()
        }
    }

    /// Keeps a TOTP secret waiting for its first code; the second factor is not on until it is confirmed.
    public func setPendingSecondFactor(id: String, secret: String?) async throws {
        _ = try await updateOperator(id: id) { database, now in
            try await database.update("operators").set("totp_pending_secret", to: SQLBind(secret)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, id).run()
        }
    }

    /// Turns the second factor on with `secret` and replaces the recovery codes with these (SHA-256 of each).
    public func enableSecondFactor(id: String, secret: String, recoveryCodeHashes: [String]) async throws {
        _ = try await updateOperator(id: id) { database, now in
            try await database.update("operators").set("totp_secret", to: SQLBind(secret))
                .set("totp_pending_secret", to: SQLBind(String?.none)).set("updated_at", to: SQLBind(now)).where("id", .equal, id).run()
            try await database.delete(from: "operator_recovery_codes").where("operator_id", .equal, id).run()
            for hash in recoveryCodeHashes {
                try await database.insert(into: "operator_recovery_codes").columns("operator_id", "code_sha256")
                    .values(SQLBind(id), SQLBind(hash)).run()
            }
        }
    }

    public func disableSecondFactor(id: String) async throws {
        _ = try await updateOperator(id: id) { database, now in
            try await database.update("operators").set("totp_secret", to: SQLBind(String?.none))
                .set("totp_pending_secret", to: SQLBind(String?.none)).set("updated_at", to: SQLBind(now)).where("id", .equal, id).run()
            try await database.delete(from: "operator_recovery_codes").where("operator_id", .equal, id).run()
        }
    }

    /// Uses up one recovery code (its SHA-256); false if it is not theirs or was used already.
    public func useRecoveryCode(operatorID: String, codeHash: String) async throws -> Bool {
        try await transaction { database in
            let row = try await database.select().column("code_sha256").from("operator_recovery_codes")
                .where("operator_id", .equal, operatorID).where("code_sha256", .equal, codeHash).where("used_at", .is, SQLLiteral.null)
                .first()
            guard row != nil else { return false }
            try await database.update("operator_recovery_codes").set("used_at", to: SQLBind(self.timestamp()))
                .where("operator_id", .equal, operatorID).where("code_sha256", .equal, codeHash).run()
            return true
        }
    }

    /// How many of their recovery codes are still unused.
    public func unusedRecoveryCodes(operatorID: String) async throws -> Int {
        try await read { database in
            let row = try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("operator_recovery_codes")
                .where("operator_id", .equal, operatorID).where("used_at", .is, SQLLiteral.null).first()
            return Int(try row?.integer("n") ?? 0)
        }
    }

    func updateOperator(id: String, _ change: @escaping @Sendable (any SQLDatabase, Int64) async throws -> Void) async throws -> Operator {
        try await transaction { database in
            guard try await database.select().column("id").from("operators").where("id", .equal, id).first() != nil
            else { throw StoreError.notFound(kind: "operator", id: id) }
            let now = self.timestamp()
            try await Self.recordingChange(database, table: "operators", id: id, kind: "operator", at: now) { try await change(database, now) }
            guard let row = try await database.select().column("*").from("operators").where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "operator", id: id) }
            return try row.consoleOperator()
        }
    }
}

extension SQLRow {
    func consoleOperator() throws -> Operator {
        Operator(
            id: try text("id"), email: try text("email"), name: try text("name"), role: try enumeration("role", as: Role.self),
            language: try optionalText("language").flatMap(Language.init(rawValue:)), timeZone: try optionalText("time_zone"),
            isDisabled: try optionalInteger("disabled_at") != nil, hasSecondFactor: try optionalText("totp_secret") != nil,
            createdBy: try text("created_by"), createdAt: try date("created_at"))
    }

    func operatorCredentials() throws -> OperatorCredentials {
        OperatorCredentials(
            account: try consoleOperator(), passwordHash: try text("password_hash"), totpSecret: try optionalText("totp_secret"),
            pendingTOTPSecret: try optionalText("totp_pending_secret"))
    }
}
