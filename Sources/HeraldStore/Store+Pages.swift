import HeraldCore
import SQLKit

/// One page of a list and the cursor of the next (nil on the last page).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: PageCursor?

    public init(items: [Item], next: PageCursor?) {
        self.items = items
        self.next = next
    }

    public func map<Other: Sendable>(_ transform: (Item) throws -> Other) rethrows -> Page<Other> {
        Page<Other>(items: try items.map(transform), next: next)
    }
}

/// A list's order, which is also its cursor: keyset pagination, so a page never skips or repeats a
/// row because rows were added or removed before it, and a deep page costs what the first does.
struct PageOrder: Sendable {
    enum Kind: Sendable { case text, integer }

    struct Column: Sendable {
        var name: String
        var kind: Kind
        var descending: Bool
    }

    var columns: [Column]

    static func by(_ columns: (String, Kind, descending: Bool)...) -> PageOrder {
        PageOrder(columns: columns.map { Column(name: $0.0, kind: $0.1, descending: $0.descending) })
    }

    /// The keys of a row, in the cursor's spelling.
    func keys(of row: any SQLRow) throws -> PageCursor {
        PageCursor(try columns.map { column in
            switch column.kind {
            case .text: .text(try row.decode(column: column.name, as: String.self))
            case .integer: .integer(try row.decode(column: column.name, as: Int64.self))
            }
        })
    }

    /// `(a > x) OR (a = x AND b > y) OR …`: the rows after `cursor` in this order. Nil when the
    /// cursor does not fit this list (another list's cursor), which the caller reports.
    func after(_ cursor: PageCursor) -> (any SQLExpression)? {
        guard cursor.keys.count == columns.count else { return nil }
        var binds: [any SQLExpression] = []
        for (column, key) in zip(columns, cursor.keys) {
            switch (column.kind, key) {
            case (.text, .text(let text)): binds.append(SQLBind(text))
            case (.integer, .integer(let number)): binds.append(SQLBind(number))
            default: return nil
            }
        }
        var alternatives: [any SQLExpression] = []
        for index in columns.indices {
            var terms: [any SQLExpression] = (0..<index).map {
                SQLBinaryExpression(left: SQLColumn(columns[$0].name), op: SQLBinaryOperator.equal, right: binds[$0])
            }
            terms.append(SQLBinaryExpression(
                left: SQLColumn(columns[index].name), op: columns[index].descending ? SQLBinaryOperator.lessThan : .greaterThan,
                right: binds[index]))
            alternatives.append(SQLGroupExpression(terms.dropFirst().reduce(terms[0]) { SQLBinaryExpression(left: $0, op: SQLBinaryOperator.and, right: $1) }))
        }
        return SQLGroupExpression(alternatives.dropFirst().reduce(alternatives[0]) { SQLBinaryExpression(left: $0, op: SQLBinaryOperator.or, right: $1) })
    }
}

extension Store {
    /// Runs `query` (a select with its filters) as one page in `order`.
    static func page<Item: Sendable>(
        _ query: SQLSelectBuilder, order: PageOrder, _ request: PageRequest, decode: (any SQLRow) throws -> Item
    ) async throws -> Page<Item> {
        var query = query
        if let cursor = request.after {
            guard let condition = order.after(cursor) else {
                throw StoreError.invalid([FieldError("cursor", "belongs to another list; pass the 'next' of this list's previous page")])
            }
            query = query.where(condition)
        }
        for column in order.columns { query = query.orderBy(column.name, column.descending ? .descending : .ascending) }
        let rows = try await query.limit(request.limit + 1).all()
        let shown = rows.prefix(request.limit)
        let next = rows.count > request.limit ? try shown.last.map(order.keys(of:)) : nil
        return Page(items: try shown.map(decode), next: next)
    }
}
