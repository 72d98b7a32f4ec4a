import SQLKit

/// One step of the schema, applied once, in order, inside a transaction.
struct Migration: Sendable {
    let version: Int
    let name: String
    /// The statements for a dialect; most are the same for both.
    let statements: @Sendable (StoreDialect) -> [String]
    /// Work SQL cannot do (hashing), run after the statements in the same transaction.
    var then: (@Sendable (any SQLDatabase, StoreDialect) async throws -> Void)? = nil
}

extension StoreDialect {
    /// An auto-numbered primary key column, for append-only history tables.
    var serialPrimaryKey: String {
        switch self {
        case .sqlite: "INTEGER PRIMARY KEY AUTOINCREMENT"
        case .postgres: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        }
    }
}
