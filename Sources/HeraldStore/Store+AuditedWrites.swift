import Foundation
import HeraldCore
import SQLKit

/// Recording a change to one row: its fields before and after, read in the transaction that changes
/// it, so the entry says exactly what the write did (and masks what `AuditChange.isSecret` names).
extension Store {
    /// Columns that change with every write and say nothing about what was changed.
    static let auditNoise: Set<String> = ["updated_at"]

    /// The row of `table` whose `key` is `id` as field → value; `*_json` columns read as JSON.
    static func auditSnapshot(_ database: any SQLDatabase, table: String, key: String = "id", id: String) async throws -> [String: JSONValue]? {
        guard let row = try await database.select().column("*").from(table).where(SQLIdentifier(key), .equal, SQLBind(id)).first() else { return nil }
        var fields: [String: JSONValue] = [:]
        for column in row.allColumns where !auditNoise.contains(column) {
            if let number = try? row.decode(column: column, as: Int64?.self) {
                fields[column] = .integer(number)
            } else if let text = try? row.decode(column: column, as: String?.self) {
                if column.hasSuffix("_json"), let parsed = try? JSONValue.parse(Array(text.utf8)) {
                    fields[column] = parsed
                } else {
                    fields[column] = .string(text)
                }
            } else if let number = try? row.decode(column: column, as: Double?.self) {
                fields[column] = .number(number)
            } else {
                fields[column] = .null
            }
        }
        return fields
    }

    /// Runs `body` (writes to one row of `table`) and appends an entry with what it changed:
    /// `created`, `updated` or `deleted` unless `action` says what it was.
    static func recordingChange<Result: Sendable>(
        _ database: any SQLDatabase, table: String, key: String = "id", id: String, kind: String, action: String? = nil, detail: String? = nil,
        personal: Bool = false, actor: String? = nil, at now: Int64, _ body: () async throws -> Result
    ) async throws -> Result {
        let before = try await auditSnapshot(database, table: table, key: key, id: id)
        let result = try await body()
        let after = try await auditSnapshot(database, table: table, key: key, id: id)
        let change = AuditChange.between(before, after, personal: personal)
        // Writing a row as it already was (a config reload of an unchanged catalogue) is no change.
        if action == nil, before != nil, after != nil, change.fields.isEmpty { return result }
        let done = action ?? (before == nil ? "created" : after == nil ? "deleted" : "updated")
        try await audit(database, actor: actor, action: done, kind: kind, id: id, change: change, detail: detail, at: now)
        return result
    }
}
