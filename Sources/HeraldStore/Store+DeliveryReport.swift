import Foundation
import HeraldCore
import SQLKit

extension Store {
    /// Per channel, the deliveries queued in [`from`, `until`): their states, fallbacks, cost, and
    /// the p50/p95 times to sent and to confirmed. The times are read one at a time at the rank
    /// `DeliveryReport` names, so a period of millions of messages is sorted by the database, not
    /// held in memory.
    public func deliveryReport(from: Date, until: Date) async throws -> [DeliveryReportRow] {
        let start = Timestamp.milliseconds(from), end = Timestamp.milliseconds(until)
        return try await read { database in
            let counts = try await database.raw(
                """
                SELECT channel, state, COUNT(*) AS n, SUM(CASE WHEN fallback_from IS NULL THEN 0 ELSE 1 END) AS fallbacks
                FROM deliveries WHERE created_at >= \(bind: start) AND created_at < \(bind: end) GROUP BY channel, state
                """
            ).all()
            var rows: [ChannelKind: DeliveryReportRow] = [:]
            for row in counts {
                let channel = try row.enumeration("channel", as: ChannelKind.self)
                var line = rows[channel] ?? DeliveryReportRow(
                    channel: channel, queued: 0, sent: 0, failed: 0, pending: 0, withdrawn: 0, fallbacks: 0, toSent: LatencyFigures(count: 0),
                    toConfirmed: LatencyFigures(count: 0), cost: 0)
                let n = Int(try row.integer("n"))
                line.queued += n
                line.fallbacks += Int(try row.optionalInteger("fallbacks") ?? 0)
                switch try row.enumeration("state", as: DeliveryState.self) {
                case .sent: line.sent += n
                case .dead: line.failed += n
                case .pending: line.pending += n
                case .withdrawn: line.withdrawn += n
                }
                rows[channel] = line
            }
            let costs = try await database.raw(
                """
                SELECT d.channel, SUM(a.cost) AS total FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
                WHERE d.created_at >= \(bind: start) AND d.created_at < \(bind: end) GROUP BY d.channel
                """
            ).all()
            for row in costs {
                let channel = try row.enumeration("channel", as: ChannelKind.self)
                rows[channel]?.cost = try row.decode(column: "total", as: Double?.self) ?? 0
            }
            for channel in rows.keys {
                rows[channel]?.toSent = try await Self.latency(database, channel: channel, until: "sent_at", from: start, to: end)
                rows[channel]?.toConfirmed = try await Self.latency(database, channel: channel, until: "confirmed_at", from: start, to: end)
            }
            return rows.values.sorted { $0.channel.rawValue < $1.channel.rawValue }
        }
    }

    /// The p50 and p95 of `column` − `created_at` over the channel's deliveries of the period that have it.
    private static func latency(_ database: any SQLDatabase, channel: ChannelKind, until column: String, from start: Int64, to end: Int64)
        async throws -> LatencyFigures
    {
        let count = try await database.raw(
            """
            SELECT COUNT(*) AS n FROM deliveries
            WHERE channel = \(bind: channel.rawValue) AND created_at >= \(bind: start) AND created_at < \(bind: end) AND \(unsafeRaw: column) IS NOT NULL
            """
        ).first()?.decode(column: "n", as: Int.self) ?? 0
        var figures = LatencyFigures(count: count)
        guard count > 0 else { return figures }
        for percent in DeliveryReport.percentiles {
            let milliseconds = try await database.raw(
                """
                SELECT \(unsafeRaw: column) - created_at AS d FROM deliveries
                WHERE channel = \(bind: channel.rawValue) AND created_at >= \(bind: start) AND created_at < \(bind: end) AND \(unsafeRaw: column) IS NOT NULL
                ORDER BY d LIMIT 1 OFFSET \(unsafeRaw: String(DeliveryReport.rankIndex(percent, count: count)))
                """
            ).first()?.decode(column: "d", as: Int64.self)
            let seconds = milliseconds.map { Double($0) / 1000 }
            if percent == 50 { figures.p50 = seconds } else { figures.p95 = seconds }
        }
        return figures
    }
}
