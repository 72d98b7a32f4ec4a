import Foundation

/// One line of the audit log: who changed what, when, from where, and how; chained to the line
/// before it by `previousHash`, and sealed by `hash`, the SHA-256 of its canonical form.
public struct AuditEntry: Sendable, Equatable {
    /// 1 for the first entry, then one more per entry, with no gaps.
    public var sequence: Int64
    /// Kept to the millisecond, as stored.
    public var at: Date
    public var actor: String
    public var role: String?
    public var client: String?
    /// What was done: `created`, `updated`, `deleted`, `erased`, `published`, `exported`…
    public var action: String
    public var targetKind: String
    public var targetID: String
    public var change: AuditChange
    public var detail: String?
    /// The previous entry's hash; `AuditChain.genesis` for the first.
    public var previousHash: String
    /// Lowercase hex SHA-256 of `canonicalForm`.
    public var hash: String

    public init(
        sequence: Int64, at: Date, actor: String, role: String?, client: String?, action: String, targetKind: String, targetID: String,
        change: AuditChange, detail: String?, previousHash: String, hash: String
    ) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.role = role
        self.client = client
        self.action = action
        self.targetKind = targetKind
        self.targetID = targetID
        self.change = change
        self.detail = detail
        self.previousHash = previousHash
        self.hash = hash
    }

    /// What the hash is computed over: every field but `hash`, as one canonical JSON object
    /// (`CanonicalJSON`) with the members `action`, `actor`, `at` (RFC 3339 UTC with milliseconds,
    /// "2026-03-01T08:00:00.000Z"), `change`, `client`, `detail`, `previous`, `role`, `seq`,
    /// `target_id`, `target_kind`; an absent value is `null`.
    public var canonicalForm: String {
        CanonicalJSON.write(
            .object([
                "seq": .integer(sequence), "at": .string(AuditTime.write(at)), "actor": .string(actor),
                "role": role.map(JSONValue.string) ?? .null, "client": client.map(JSONValue.string) ?? .null,
                "action": .string(action), "target_kind": .string(targetKind), "target_id": .string(targetID),
                "change": change.json, "detail": detail.map(JSONValue.string) ?? .null, "previous": .string(previousHash),
            ]))
    }
}

/// Times in canonical forms: UTC, always three fractional digits, `Z`.
public enum AuditTime {
    /// A time as the log keeps it: the nearest whole millisecond (a Date made from stored
    /// milliseconds may sit a hair below them, so rounding down could lose one).
    public static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// `date` to the millisecond the log keeps, so what is signed is what is stored.
    public static func kept(_ date: Date) -> Date { Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000) }

    public static func write(_ date: Date) -> String {
        let milliseconds = milliseconds(date)
        let whole = Date(timeIntervalSince1970: Double(milliseconds.floorDivided(by: 1000)))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: whole)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))T\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2))."
            + pad(Int(milliseconds - milliseconds.floorDivided(by: 1000) * 1000), 3) + "Z"
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
