import Logging
import NIOCore
import PostgresKit
import SQLKit

/// PostgresKit's `SQLDatabase` over one connection, with rows that read the column types Herald
/// stores (text, integers, doubles, booleans, bytes, and nulls of them) straight from their cells.
///
/// Why: PostgresKit decodes every cell through its generic translation (a coding key made per
/// cell, then dynamic casts), which was a fifth of a console render's CPU on PostgreSQL. Statements
/// are the same, serialized by PostgresKit's dialect; a statement binding any other kind of value
/// goes through PostgresKit whole, and a row asked for any other type falls back to PostgresKit's row.
struct PostgresRowsDatabase: SQLDatabase {
    let connection: PostgresConnection
    /// PostgresKit's own database on the same connection, for what the fast path does not read.
    let stock: any SQLDatabase
    let logger: Logger

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.stock = connection.sql(queryLogLevel: .trace, logger: logger)
        self.logger = logger
    }

    var eventLoop: any EventLoop { connection.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { stock.version }
    var dialect: any SQLDialect { stock.dialect }
    var queryLogLevel: Logger.Level? { .trace }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        stock.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = serialize(query)
        guard let bindings = try Self.bindings(binds) else { return try await stock.execute(sql: query, onRow) }
        logger.trace("Executing query", metadata: ["sql": .string(sql)])
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        var columns: PostgresColumnIndex?
        for try await row in rows {
            let cells = row.makeRandomAccess()
            let index = columns ?? PostgresColumnIndex(cells)
            columns = index
            onRow(PostgresCellsRow(row: row, cells: cells, columns: index))
        }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    /// The binds as PostgresKit would encode them, or nil when one needs PostgresKit's slower paths
    /// (arrays, JSON of a structure, legacy types).
    static func bindings(_ binds: [any Encodable & Sendable]) throws -> PostgresBindings? {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            if let optional = bind as? any AnyOptional, optional.isNone {
                bindings.appendNull()
            } else if let value = bind as? any PostgresThrowingDynamicTypeEncodable {
                try bindings.append(value)
            } else {
                return nil
            }
        }
        return bindings
    }
}

/// Tells a bound nil (of any wrapped type) from a value.
private protocol AnyOptional {
    var isNone: Bool { get }
}

extension Optional: AnyOptional {
    fileprivate var isNone: Bool { self == nil }
}

/// Column names to positions, made once per result and shared by its rows.
final class PostgresColumnIndex: Sendable {
    let positions: [String: Int]

    init(_ cells: PostgresRandomAccessRow) {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(cells.count)
        for (position, cell) in cells.enumerated() where positions[cell.columnName] == nil {
            positions[cell.columnName] = position
        }
        self.positions = positions
    }
}

/// One row of a result, read by column name through the shared index.
struct PostgresCellsRow: SQLRow {
    let row: PostgresRow
    let cells: PostgresRandomAccessRow
    let columns: PostgresColumnIndex

    var allColumns: [String] { cells.map(\.columnName) }

    func contains(column: String) -> Bool { columns.positions[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let position = columns.positions[column] else { return true }
        return cells[position].bytes == nil
    }

    func decode<T: Decodable>(column: String, as type: T.Type) throws -> T {
        guard let position = columns.positions[column] else { return try row.sql().decode(column: column, as: type) }
        let cell = cells[position]
        // The types Herald's rows read; anything else (and PostgresKit's own workarounds for
        // numeric-as-Double and Fluent's enums) goes through PostgresKit's row.
        switch type {
        case is String.Type where !cell.dataType.isUserDefined: return try cell.decode(String.self) as! T
        case is String?.Type where !cell.dataType.isUserDefined: return try cell.decode(String?.self) as! T
        case is Int64.Type: return try cell.decode(Int64.self) as! T
        case is Int64?.Type: return try cell.decode(Int64?.self) as! T
        case is Int.Type: return try cell.decode(Int.self) as! T
        case is Int?.Type: return try cell.decode(Int?.self) as! T
        case is Double.Type where cell.dataType != .numeric: return try cell.decode(Double.self) as! T
        case is Double?.Type where cell.dataType != .numeric: return try cell.decode(Double?.self) as! T
        default: return try row.sql().decode(column: column, as: type)
        }
    }
}
