import HeraldCore
import Testing

/// At the connection limit the connection waiting longest makes room; only when all are busy is a
/// new one refused. Each phase of a connection has its time limit, but answering has none.
@Suite struct ConnectionAdmissionTests {
    typealias Waiting = ConnectionAdmission.Waiting

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var open: Int
        var limit: Int
        var waiting: [Waiting]
        var decision: ConnectionAdmission.Decision
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "below the limit", open: 3, limit: 4, waiting: [], decision: .admit),
        Row(name: "below the limit, waiting ones are left alone", open: 3, limit: 4, waiting: [Waiting(id: 1, since: 5)], decision: .admit),
        Row(name: "at the limit, the one waiting longest makes room", open: 4, limit: 4,
            waiting: [Waiting(id: 7, since: 30), Waiting(id: 2, since: 10), Waiting(id: 9, since: 20)], decision: .admitClosing(2)),
        Row(name: "a tie goes to the older id", open: 4, limit: 4,
            waiting: [Waiting(id: 8, since: 10), Waiting(id: 3, since: 10)], decision: .admitClosing(3)),
        Row(name: "over the limit (evictions still closing) still makes room", open: 6, limit: 4,
            waiting: [Waiting(id: 5, since: 1)], decision: .admitClosing(5)),
        Row(name: "at the limit with every connection busy", open: 4, limit: 4, waiting: [], decision: .refuse),
        Row(name: "a limit of zero refuses when nothing waits", open: 0, limit: 0, waiting: [], decision: .refuse),
    ]

    @Test(arguments: rows)
    func decides(_ row: Row) {
        #expect(ConnectionAdmission.decide(open: row.open, limit: row.limit, waiting: row.waiting) == row.decision)
    }

    @Test func eachPhaseHasItsLimitAndAnsweringHasNone() {
        let timeouts = ConnectionTimeouts.standard
        let limits = ConnectionTimeouts.Phase.allCases.map { ($0, timeouts.limit($0)) }
        #expect(limits.map(\.1) == [.seconds(10), .seconds(60), .seconds(10), .seconds(30), nil])
        #expect(ConnectionTimeouts.Phase.allCases.filter(ConnectionTimeouts.isWaiting) == [.new, .idle, .readingHead])
    }
}
