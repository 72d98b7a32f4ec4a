/// The fields one change altered: for each, its value before and after (`nil` where the record did
/// not exist before or no longer exists). Secrets are never kept: that one changed is recorded, its
/// values are replaced by `AuditChange.secretMarker`.
public struct AuditChange: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var before: JSONValue?
        public var after: JSONValue?

        public init(before: JSONValue?, after: JSONValue?) {
            self.before = before
            self.after = after
        }
    }

    public var fields: [String: Field]

    public init(_ fields: [String: Field] = [:]) {
        self.fields = fields
    }

    public static let none = AuditChange()

    /// What stands in the log for a secret's value.
    public static let secretMarker = JSONValue.string("(secret)")

    /// What stands for a value of a record of personal data (a contact): the log outlives erasure,
    /// so it says which fields changed and keeps none of their values.
    public static let personalMarker = JSONValue.string("(personal data)")

    /// Field names holding secrets: token secrets, password hashes, TOTP secrets, webhook and
    /// signing secrets, integration keys. Matched on the name's words (`_`-separated), so
    /// `signing_secret` and `password_hash` are secrets and `secretary` is not.
    static let secretWords: Set<String> = ["secret", "password", "totp", "hash", "key", "token", "credentials"]

    /// Whether a field's values are kept out of the log.
    public static func isSecret(_ name: String) -> Bool {
        let words = name.lowercased().split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == "." })
        return words.contains { secretWords.contains(String($0)) }
    }

    /// The fields that differ between two states of a record (either may be absent), secrets masked,
    /// nested objects compared as wholes.
    public static func between(_ before: [String: JSONValue]?, _ after: [String: JSONValue]?, personal: Bool = false) -> AuditChange {
        var fields: [String: Field] = [:]
        for name in Set((before ?? [:]).keys).union((after ?? [:]).keys) {
            let old = before?[name]
            let new = after?[name]
            guard old != new else { continue }
            if isSecret(name) || personal {
                let marker = isSecret(name) ? secretMarker : personalMarker
                // A secret that was not set (null) stays null: that it was set is what the entry says.
                let masked = { (value: JSONValue?) in value.map { $0 == .null ? JSONValue.null : marker } }
                fields[name] = Field(before: masked(old), after: masked(new))
            } else {
                fields[name] = Field(before: old, after: new)
            }
        }
        return AuditChange(fields)
    }

    /// The change as the canonical form writes it: `{"field":{"after":…,"before":…}}`, absent as null.
    public var json: JSONValue {
        .object(fields.mapValues { .object(["before": $0.before ?? .null, "after": $0.after ?? .null]) })
    }

    /// Reads back what `json` wrote.
    public init(json: JSONValue) {
        guard case .object(let members) = json else {
            self.init()
            return
        }
        var fields: [String: Field] = [:]
        for (name, value) in members {
            guard case .object(let pair) = value else { continue }
            let before = pair["before"].flatMap { $0 == .null ? nil : $0 }
            let after = pair["after"].flatMap { $0 == .null ? nil : $0 }
            fields[name] = Field(before: before, after: after)
        }
        self.init(fields)
    }
}
