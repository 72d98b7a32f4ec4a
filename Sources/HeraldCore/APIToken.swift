import Foundation

/// A credential for the admin API. Only a hash of its secret is stored; the secret is shown once.
public struct APIToken: Sendable, Equatable, Codable {
    public var id: String
    /// What the token is for, e.g. "grafana" or "alice's laptop"; also the actor recorded for its changes.
    public var name: String
    public var role: Role
    /// The secret's last four characters, to tell tokens apart without revealing them.
    public var hint: String
    public var createdBy: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: String, name: String, role: Role, hint: String, createdBy: String, createdAt: Date,
        lastUsedAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.hint = hint
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

/// A freshly made token together with its secret, which exists only in this value.
public struct IssuedToken: Sendable {
    public var token: APIToken
    public var secret: String

    public init(token: APIToken, secret: String) {
        self.token = token
        self.secret = secret
    }
}

extension APIToken {
    enum CodingKeys: String, CodingKey {
        case id
        case name
        case role
        case hint
        case createdBy = "created_by"
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case revokedAt = "revoked_at"
    }

    /// Absent values are written as null, so every field is always present for API clients.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(role, forKey: .role)
        try container.encode(hint, forKey: .hint)
        try container.encode(createdBy, forKey: .createdBy)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(lastUsedAt, forKey: .lastUsedAt)
        try container.encode(revokedAt, forKey: .revokedAt)
    }
}
