import Foundation
@testable import HeraldStore
import HeraldTestSupport
import SQLKit
import Testing

/// On PostgreSQL, Herald's rows read each value exactly as PostgresKit's did: text, integers,
/// doubles and their nulls directly; numeric sums, booleans and arrays through PostgresKit; binds of
/// nil, of optionals and of arrays alike. The same statement is read both ways and compared.
@Suite struct PostgresRowsTests {
    struct Values: Equatable {
        var text: String
        var missing: String?
        var big: Int64
        var nullBig: Int64?
        var small: Int
        var ratio: Double
        var sum: Double
        var flag: Bool
        var names: [String]
        var bound: String?
        var boundNil: Int64?
        var boundList: Int64
    }

    static func read(_ row: any SQLRow) throws -> Values {
        Values(
            text: try row.decode(column: "text", as: String.self), missing: try row.decode(column: "missing", as: String?.self),
            big: try row.decode(column: "big", as: Int64.self), nullBig: try row.decode(column: "null_big", as: Int64?.self),
            small: try row.decode(column: "small", as: Int.self), ratio: try row.decode(column: "ratio", as: Double.self),
            sum: try row.decode(column: "sum", as: Double.self), flag: try row.decode(column: "flag", as: Bool.self),
            names: try row.decode(column: "names", as: [String].self), bound: try row.decode(column: "bound", as: String?.self),
            boundNil: try row.decode(column: "bound_nil", as: Int64?.self), boundList: try row.decode(column: "bound_list", as: Int64.self))
    }

    @Test func everyKindOfValueReadsAsPostgresKitReadIt() async throws {
        try await TestDatabase.postgres.withStore { store in
            let optional: String? = "可选"
            let none: Int64? = nil
            let query: SQLQueryString = """
                SELECT '停机 notice'::text AS text, NULL::text AS missing, 9007199254740993::bigint AS big, NULL::bigint AS null_big,
                    42::integer AS small, 0.25::double precision AS ratio, SUM(x)::numeric AS sum, TRUE AS flag,
                    ARRAY['a', 'b']::text[] AS names, \(bind: optional)::text AS bound, \(bind: none)::bigint AS bound_nil,
                    array_length(\(bind: ["x", "y", "z"])::text[], 1)::bigint AS bound_list
                FROM (VALUES (1.5), (2.25)) AS v(x)
                """
            let (fast, stock) = try await store.read { database in
                guard let rows = database as? PostgresRowsDatabase else { throw CancellationError() }
                let fast = try #require(try await rows.raw(query).first())
                let stock = try #require(try await rows.stock.raw(query).first())
                #expect(fast is PostgresCellsRow, "Herald's rows, not PostgresKit's")
                return (try Self.read(fast), try Self.read(stock))
            }
            #expect(fast == stock)
            #expect(fast == Values(
                text: "停机 notice", missing: nil, big: 9_007_199_254_740_993, nullBig: nil, small: 42, ratio: 0.25, sum: 3.75, flag: true,
                names: ["a", "b"], bound: "可选", boundNil: nil, boundList: 3))
        }
    }

    @Test func aColumnNotInTheResultIsAnErrorNotACrash() async throws {
        try await TestDatabase.postgres.withStore { store in
            try await store.read { database in
                let row = try #require(try await database.raw("SELECT 1::bigint AS one").first())
                #expect(!row.contains(column: "two"))
                #expect(try row.decodeNil(column: "two"))
                #expect(throws: (any Error).self) { try row.decode(column: "two", as: Int64.self) }
                #expect(try row.decode(column: "one", as: Int64.self) == 1)
            }
        }
    }
}
