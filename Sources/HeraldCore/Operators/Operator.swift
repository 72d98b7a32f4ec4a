import Foundation

/// A person who signs in to the console. Their role is the same `Role` API tokens have; only a
/// bcrypt hash of their password is stored, and never leaves the store.
public struct Operator: Sendable, Equatable, Codable {
    public var id: String
    /// Lowercased; what they sign in with, and the actor recorded for their changes (`user:<email>`).
    public var email: String
    public var name: String
    public var role: Role
    /// The console's language for them; nil follows the browser.
    public var language: Language?
    /// An IANA zone (`Asia/Shanghai`) times are shown in; nil uses the status page's zone.
    public var timeZone: String?
    public var isDisabled: Bool
    /// Whether signing in also asks for a TOTP code (RFC 6238).
    public var hasSecondFactor: Bool
    public var createdBy: String
    public var createdAt: Date

    public init(
        id: String, email: String, name: String, role: Role, language: Language? = nil, timeZone: String? = nil,
        isDisabled: Bool = false, hasSecondFactor: Bool = false, createdBy: String, createdAt: Date
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.language = language
        self.timeZone = timeZone
        self.isDisabled = isDisabled
        self.hasSecondFactor = hasSecondFactor
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// The actor recorded for what they change, as `token:<name>` is for API tokens.
    public var actor: String { "user:\(email)" }

    /// How an address is stored and compared: trimmed and lowercased.
    public static func normalized(email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

/// What signing in checks against: the operator, their password's hash and their TOTP secret.
public struct OperatorCredentials: Sendable {
    public var account: Operator
    public var passwordHash: String
    /// Set once the second factor is confirmed.
    public var totpSecret: String?
    /// Made on the account page, waiting for its first code.
    public var pendingTOTPSecret: String?

    public init(account: Operator, passwordHash: String, totpSecret: String?, pendingTOTPSecret: String?) {
        self.account = account
        self.passwordHash = passwordHash
        self.totpSecret = totpSecret
        self.pendingTOTPSecret = pendingTOTPSecret
    }
}
