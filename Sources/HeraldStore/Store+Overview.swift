import Foundation
import HeraldCore
import SQLKit

/// What the console's overview shows, read afresh for every render (an acknowledgement is on the
/// next overview), each fact once: the newest open incidents and the counts of all of them,
/// maintenance under way and next, the teams and their schedules with the names of the people in
/// them, the queue's dead letters and retries, open feedback, components not operational, and this
/// month's spending.
public struct ConsoleOverviewFacts: Sendable {
    /// The worst open incidents (high first), newest first within a severity, at most the limit asked for.
    public var incidents: [Incident]
    /// Open incidents counted by severity, each up to `countLimit + 1` (severities with none are
    /// absent): more than `countLimit` reads "more than `countLimit`".
    public var openBySeverity: [Severity: Int]
    /// How far each severity's open incidents are counted exactly.
    public var countLimit: Int
    /// Notices in progress, newest planned start first.
    public var inProgress: [Notice]
    /// The next scheduled notices, soonest first.
    public var upcoming: [Notice]
    public var teams: [Team]
    public var schedules: [OnCallSchedule]
    /// The names of the contacts the schedules name (members and overrides), by id.
    public var contactNames: [String: String]
    /// Dead letters per channel (channels with none are absent).
    public var dead: [ChannelKind: Int]
    /// Per channel, deliveries waiting for a retry after a failed attempt.
    public var retrying: [ChannelKind: Int]
    public var openFeedback: Int
    /// Components whose status is not operational, in display order.
    public var troubledComponents: [Component]
    /// Sent messages and their cost per channel since the month's start.
    public var spending: [ChannelKind: ChannelSpending]
}

extension Store {
    /// Feedback tickets no one has answered or closed.
    public func openFeedbackCount() async throws -> Int {
        try await read { database in try await Self.openFeedbackCount(database) }
    }

    static func openFeedbackCount(_ database: any SQLDatabase) async throws -> Int {
        let row = try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("feedback_tickets")
            .where("state", .equal, FeedbackTicket.State.open.rawValue).first()
        return Int(try row?.integer("n") ?? 0)
    }

    /// The overview's facts in eleven statements or fewer, one after another on one connection.
    public func consoleOverview(incidentLimit: Int = 20, countLimit: Int = 100, upcomingLimit: Int = 5, monthStart: Date) async throws -> ConsoleOverviewFacts {
        typealias Incidents = (incidents: [Incident], open: [Severity: Int])
        typealias Plans = (
            inProgress: [Notice], upcoming: [Notice], teams: [Team], schedules: [OnCallSchedule], names: [String: String], components: [Component]
        )
        typealias Queue = (dead: [ChannelKind: Int], retrying: [ChannelKind: Int], feedback: Int, spending: [ChannelKind: ChannelSpending])
        let incidents: @Sendable (any SQLDatabase) async throws -> Incidents = { database in
            // The worst first, newest first within a severity, each severity from migration 36's partial
            // index: many new low incidents never push an older high one off the overview.
            // 'resolved' written out, not bound: SQLite uses a partial index only when it can see the query implies its condition.
            var worst: [Incident] = []
            for severity in Severity.allCases.sorted(by: >) where worst.count < incidentLimit {
                worst += try await database.select().column("*").from("incidents")
                    .where(SQLRaw("status <> '\(IncidentStatus.resolved.rawValue)'")).where("severity", .equal, severity.rawValue)
                    .orderBy("created_at", .descending).orderBy("id").limit(incidentLimit - worst.count).all().map { try $0.incident() }
            }
            // Counted only up to one past the limit, from the partial index on open severities, in
            // one statement: counting every open incident was most of a render's work on PostgreSQL
            // once thousands were open, where "more than 100" tells an operator as much.
            let counts = Severity.allCases.map { severity in
                "SELECT '\(severity.rawValue)' AS severity, COUNT(*) AS n FROM (SELECT 1 FROM incidents WHERE status <> '\(IncidentStatus.resolved.rawValue)' AND severity = '\(severity.rawValue)' LIMIT \(countLimit + 1)) AS open_\(severity.rawValue)"
            }
            var open: [Severity: Int] = [:]
            for row in try await database.raw(SQLQueryString(counts.joined(separator: " UNION ALL "))).all() {
                let count = Int(try row.integer("n"))
                if count > 0 { open[try row.enumeration("severity", as: Severity.self)] = count }
            }
            return (worst, open)
        }
        let plans: @Sendable (any SQLDatabase) async throws -> Plans = { database in
            let inProgress = try await database.select().column("*").from("notices").where("state", .equal, NoticeState.inProgress.rawValue)
                .orderBy("planned_start", .descending).orderBy("id").all().map { try $0.notice() }
            let upcoming = try await database.select().column("*").from("notices").where("state", .equal, NoticeState.scheduled.rawValue)
                .orderBy("planned_start").orderBy("id").limit(upcomingLimit).all().map { try $0.notice() }
            let teams = try await database.select().column("*").from("teams").orderBy("id").all().map { try $0.team() }
            let schedules = try await database.select().column("definition_json").from("schedules").orderBy("id").all()
                .map { try JSONDecoder().decode(OnCallSchedule.self, from: Data(try $0.text("definition_json").utf8)) }
            let named = Set(schedules.flatMap { $0.members + $0.overrides.map(\.contact) })
            var names: [String: String] = [:]
            if !named.isEmpty {
                for row in try await database.select().column("id").column("name").from("contacts").where("id", .in, SQLBind.group(named.sorted())).all() {
                    names[try row.text("id")] = try row.text("name")
                }
            }
            let components = try await database.select().column("*").from("components")
                .where("status", .notEqual, ComponentStatus.operational.rawValue)
                .orderBy("position").orderBy("name").orderBy("id").all().map { try $0.component() }
            return (inProgress, upcoming, teams, schedules, names, components)
        }
        let queue: @Sendable (any SQLDatabase) async throws -> Queue = { database in
            // Dead letters and retries in one grouped pass over the queue's index on state.
            let rows = try await database.raw(
                """
                SELECT channel, state, COUNT(*) AS n, SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) AS retrying
                FROM deliveries
                WHERE state IN (\(bind: DeliveryState.pending.rawValue), \(bind: DeliveryState.dead.rawValue))
                GROUP BY channel, state
                """
            ).all()
            var dead: [ChannelKind: Int] = [:]
            var retrying: [ChannelKind: Int] = [:]
            for row in rows {
                let channel = try row.enumeration("channel", as: ChannelKind.self)
                switch try row.enumeration("state", as: DeliveryState.self) {
                case .dead: dead[channel] = Int(try row.integer("n"))
                default:
                    let waiting = Int(try row.optionalInteger("retrying") ?? 0)
                    if waiting > 0 { retrying[channel] = waiting }
                }
            }
            return (dead, retrying, try await Self.openFeedbackCount(database), try await Self.spending(database, since: monthStart))
        }
        // One connection, one statement after another, on both engines: run on three connections at
        // once, PostgreSQL's renders under load were slower, not faster (p99 20.7 ms against 18.5 ms).
        let parts = try await read { database in (try await incidents(database), try await plans(database), try await queue(database)) }
        return ConsoleOverviewFacts(
            incidents: parts.0.incidents, openBySeverity: parts.0.open, countLimit: countLimit, inProgress: parts.1.inProgress, upcoming: parts.1.upcoming,
            teams: parts.1.teams, schedules: parts.1.schedules, contactNames: parts.1.names, dead: parts.2.dead,
            retrying: parts.2.retrying, openFeedback: parts.2.feedback, troubledComponents: parts.1.components, spending: parts.2.spending)
    }
}
