import Foundation
import HeraldApp
import HeraldChannels
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

/// `/metrics` and `/healthz` report the work, scraped as Prometheus and a load balancer would, after
/// real work: deliveries sent, retried and dead, a page, open incidents, a scheduler pass.
@Suite struct WorkMetricsTests {
    @Test(arguments: TestDatabase.allCases)
    func metricsCoverTheQueueDeliveriesPagesIncidentsAndTheScheduler(_ engine: TestDatabase) async throws {
        let clock = TestClock(TestServer.today)
        let refused = try DeadHosts.refusedPort()
        let receiver = WebhookReceiver(secret: "k")
        try await receiver.serve { url in
            try await TestServer.run(engine, now: clock.now) { server in
                let store = server.store
                try await store.enqueue([
                    NewDelivery(idempotencyKey: "incident:i1:step-0:oncall:webhook", channel: .webhook, address: url, severity: .high, body: "{}"),
                    NewDelivery(idempotencyKey: "notice:n1:announcement:c1:webhook", channel: .webhook, address: url, severity: .medium, body: "{}"),
                    NewDelivery(
                        idempotencyKey: "notice:n1:announcement:c2:webhook", channel: .webhook, address: "http://127.0.0.1:\(refused)/hook",
                        severity: .medium, body: "{}"),
                    // No SMS channel is configured: a permanent failure, so a dead letter at once.
                    NewDelivery(idempotencyKey: "notice:n1:announcement:c3:sms", channel: .sms, address: "+8613800138000", severity: .medium, body: "停机"),
                ])
                let worker = DeliveryWorker(
                    store: store, channels: [WebhookChannel(client: .local, secret: "k")], recorder: server.metrics, now: clock.now, logger: TestDatabase.logger)
                #expect(await worker.pass() == 4)

                // An incident opened by an alert, ten minutes old when scraped.
                let (_, key) = try await IngestTests.integration(server, kind: "pagerduty", groupBy: ["component"])
                #expect(try await server.send(.post, "/v2/enqueue", json: IngestTests.pagerDuty(key)).status == .accepted)
                // A notice step the scheduler applies; its pass is this node's heartbeat.
                let notices = NoticeService(store: store, templates: try NoticeTemplates.load(), settings: .init(), now: clock.now)
                await NoticeScheduler(notices: notices, handoff: NoHandoff(), recorder: server.metrics, logger: TestDatabase.logger).tick()
                server.metrics.noticeStep(.announcement, decision: .send(late: false))
                server.metrics.noticeStep(.reminder(minutesBefore: 1440), decision: .skip(reason: "too late"))
                clock.advance(by: 600)

                let scrape = try await server.send(.get, "/metrics")
                #expect(scrape.status == .ok)
                let lines = Set(scrape.body.split(separator: "\n").map(String.init))
                for line in [
                    // Work done on this node, counted where it happened.
                    #"herald_delivery_attempts_total{channel="webhook",outcome="sent"} 2"#,
                    #"herald_delivery_attempts_total{channel="webhook",outcome="retryable"} 1"#,
                    #"herald_delivery_attempts_total{channel="sms",outcome="permanent"} 1"#,
                    #"herald_pages_sent_total{channel="webhook"} 1"#,
                    #"herald_delivery_dead_letters_total{channel="sms"} 1"#,
                    #"herald_delivery_duration_seconds_count{channel="webhook"} 3"#,
                    #"herald_notice_steps_total{step="announcement",decision="sent"} 1"#,
                    #"herald_notice_steps_total{step="reminder",decision="skipped"} 1"#,
                    // What the database holds now: the retry waits, the SMS is a dead letter.
                    #"herald_delivery_queue_depth{channel="webhook",state="pending"} 1"#,
                    #"herald_delivery_queue_depth{channel="webhook",state="dead"} 0"#,
                    #"herald_delivery_queue_depth{channel="sms",state="dead"} 1"#,
                    #"herald_delivery_queue_depth{channel="email",state="pending"} 0"#,
                    #"herald_incidents_open{severity="high",acknowledged="false"} 1"#,
                    #"herald_incidents_open{severity="high",acknowledged="true"} 0"#,
                    #"herald_incidents_open_oldest_age_seconds{severity="high",acknowledged="false"} 600"#,
                    "herald_store_up 1",
                    "herald_store_schema_version \(Store.latestSchemaVersion)",
                    #"herald_scheduler_running{node="\#(server.metrics.node)"} 0"#,
                ] {
                    #expect(lines.contains(line), "\(line) in\n\(scrape.body)")
                }
                #expect(lines.contains("# TYPE herald_delivery_queue_depth gauge"))
                #expect(lines.contains("# TYPE herald_delivery_duration_seconds histogram"))
                #expect(lines.contains { $0.hasPrefix(#"herald_scheduler_last_pass_age_seconds{node="\#(server.metrics.node)"} "#) })
                // The failed delivery says why in plain words.
                let failed = try #require(try await store.deadLetters().first { $0.channel == .sms })
                #expect(failed.lastError == "the sms channel is not configured")
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func healthReportsTheStoreTheSchedulerAndTheQueueLag(_ engine: TestDatabase) async throws {
        let clock = TestClock(TestServer.today)
        try await TestServer.run(engine, now: clock.now) { server in
            // No scheduler has run in this server: degraded, yet up (200), and it says why.
            let idle = try await server.send(.get, "/healthz")
            #expect(idle.status == .ok)
            #expect(idle.object["status"] as? String == "degraded")
            #expect(idle.object["store"] as? String == engine.rawValue)
            #expect((idle.object["reasons"] as? [String]) == ["the notice scheduler is not running on this node"])
            let database = try #require(idle.object["database"] as? [String: Any])
            #expect(database["reachable"] as? Bool == true)
            #expect(database["schema_version"] as? Int == Store.latestSchemaVersion)

            server.metrics.schedulerRunning(true)
            server.metrics.schedulerTicked()
            try await server.store.enqueue([
                NewDelivery(idempotencyKey: "notice:n1:announcement:c1:webhook", channel: .webhook, address: "http://127.0.0.1:9/", severity: .low, body: "{}")
            ])
            clock.advance(by: 90)
            let waiting = try await server.send(.get, "/healthz")
            #expect(waiting.object["status"] as? String == "ok", "\(waiting.body)")
            let queue = try #require(waiting.object["queue"] as? [String: Any])
            #expect(queue["lag_seconds"] as? Double == 90)
            #expect(queue["pending"] as? Int == 1)
            let scheduler = try #require(waiting.object["scheduler"] as? [String: Any])
            #expect(scheduler["running"] as? Bool == true)
            #expect(scheduler["node"] as? String == server.metrics.node)
            #expect((scheduler["last_pass_seconds_ago"] as? Double).map { $0 < 30 } == true)

            // Nobody sends for ten minutes: the queue is behind, the node still answers.
            clock.advance(by: 600)
            let behind = try await server.send(.get, "/healthz")
            #expect(behind.status == .ok)
            #expect(behind.object["status"] as? String == "degraded")
            #expect((behind.object["reasons"] as? [String]) == ["the oldest due delivery has waited 690 s"])
        }
    }
}

/// A handoff that takes nothing: the scheduler's pass is what these tests look at.
struct NoHandoff: DeliveryHandoff {
    func handOver(_ announcement: Announcement) async throws {}
}
