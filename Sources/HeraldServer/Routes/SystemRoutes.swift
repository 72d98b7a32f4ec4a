import HeraldApp
import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

/// Routes for the machines around Herald: health checks, Prometheus, and the API description.
enum SystemRoutes {
    static func add(to router: Router<HeraldRequestContext>, store: Store, metrics: HeraldMetrics, openAPI: Data) {
        router.get("/healthz") { _, context in
            let gauges = await WorkGauges.read(store: store, metrics: metrics, incidents: false)
            let (verdict, reasons) = gauges.verdict
            guard verdict != .unavailable else {
                context.logger.warning("health check failed: the \(store.dialect.rawValue) database does not answer")
                throw Problem(.serviceUnavailable, detail: "the \(store.dialect.rawValue) database does not answer")
            }
            return JSONResponse(Health(gauges, verdict: verdict, reasons: reasons, dialect: store.dialect.rawValue))
        }
        router.get("/metrics") { _, _ in
            // The registry's counters and histograms, then what the database holds now.
            let gauges = await WorkGauges.read(store: store, metrics: metrics)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition() + gauges.exposition())))
        }
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(data: openAPI)))
        }
    }

    /// `/healthz`'s answer: the verdict, and what it was judged from.
    struct Health: Encodable, Sendable {
        var status: String
        /// The database's engine: `sqlite` or `postgres`.
        var store: String
        var database: Database
        var scheduler: Scheduler
        var queue: Queue
        /// Scheduled backups, when the config has them and one has run.
        var backups: Backups?
        /// Why the status is not `ok`, in plain words.
        var reasons: [String]

        struct Database: Encodable, Sendable {
            var reachable: Bool
            var schema_version: Int?
            var expected_schema_version: Int
        }
        struct Scheduler: Encodable, Sendable {
            var node: String
            var running: Bool
            /// Seconds since the last finished pass; null before the first.
            var last_pass_seconds_ago: Double?
        }
        struct Backups: Encodable, Sendable {
            /// RFC 3339 in UTC; null before the first success.
            var last_success: String?
            var last_success_seconds_ago: Double?
            var last_failure: String?
            /// Why the last one failed, when it did after the last success.
            var last_error: String?
            /// The last good backup's directory.
            var last_backup: String?
        }
        struct Queue: Encodable, Sendable {
            /// Seconds the oldest due delivery nobody is sending has waited.
            var lag_seconds: Double
            var pending: Int
            var dead_letters: Int
        }

        init(_ gauges: WorkGauges, verdict: HealthVerdict, reasons: [String], dialect: String) {
            status = verdict.rawValue
            store = dialect
            database = Database(reachable: gauges.storeReachable, schema_version: gauges.schemaVersion, expected_schema_version: Store.latestSchemaVersion)
            scheduler = Scheduler(
                node: gauges.node, running: gauges.schedulerRunning, last_pass_seconds_ago: gauges.lastTickAge.map { ($0 * 1000).rounded() / 1000 })
            let lines = gauges.queue?.lines ?? []
            queue = Queue(
                lag_seconds: (gauges.queueLag * 1000).rounded() / 1000,
                pending: lines.filter { $0.state == .pending }.reduce(0) { $0 + $1.count },
                dead_letters: lines.filter { $0.state == .dead }.reduce(0) { $0 + $1.count })
            backups = gauges.backups.map { record in
                let failingNow = record.lastFailureAt.map { failure in record.lastSuccessAt.map { failure > $0 } ?? true } ?? false
                return Backups(
                    last_success: record.lastSuccessAt.map { RFC3339.string($0, in: TimeZone(identifier: "UTC")!) },
                    last_success_seconds_ago: record.lastSuccessAt.map { max(0, gauges.now.timeIntervalSince($0)).rounded() },
                    last_failure: record.lastFailureAt.map { RFC3339.string($0, in: TimeZone(identifier: "UTC")!) }, last_error: failingNow ? record.lastError : nil,
                    last_backup: record.lastResult)
            }
            self.reasons = reasons
        }
    }
}

extension ByteBuffer {
    init(data: Data) {
        self.init(bytes: data)
    }
}
