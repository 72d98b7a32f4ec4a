import Foundation
import HeraldChannels
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Synchronization
import Testing

/// The delivery queue on an operator's worst day: receivers that are dead, or down for longer than
/// a few retries. Real local servers and real sockets, no stand-in clients.
@Suite struct DeliveryFaultTests {
    /// 10,000 deliveries, half to a port that refuses connections and half to a black hole.
    static func deadHostDeliveries(refused: Int, blackHole: Int) -> [NewDelivery] {
        (0..<10_000).map { index in
            let port = index.isMultiple(of: 2) ? refused : blackHole
            return NewDelivery(
                idempotencyKey: "notice:n\(index % 10):announcement:c\(index):webhook", channel: .webhook,
                address: "http://127.0.0.1:\(port)/hook", severity: .medium, body: #"{"notice":\#(index)}"#)
        }
    }

    @Test(.enabled(if: TimedTests.runAlone, Comment(rawValue: TimedTests.note)), arguments: TestDatabase.allCases)
    func aPageIsNotHeldBehindTenThousandDeliveriesToDeadHosts(_ engine: TestDatabase) async throws {
        let refused = try DeadHosts.refusedPort()
        let hole = try BlackHole()
        defer { hole.close() }
        let receiver = WebhookReceiver(secret: "k")
        try await receiver.serve { url in
            try await engine.withStore { store in
                try await store.enqueue(Self.deadHostDeliveries(refused: refused, blackHole: hole.port))
                let worker = DeliveryWorker(store: store, channels: [WebhookChannel(client: .local, secret: "k")], logger: TestDatabase.logger)
                let running = Task { try await worker.run() }
                // The worker is busy with the dead hosts when the page comes in.
                try await Task.sleep(for: .seconds(3))
                // Three pages one after another: the median meets the target, so one stall of a
                // loaded machine does not decide the test, and none may take long.
                var latencies: [Duration] = []
                for page in 1...3 {
                    let queued = ContinuousClock.now
                    try await store.enqueue([NewDelivery(
                        idempotencyKey: "incident:i\(page):step-0:oncall:webhook", channel: .webhook, address: url, severity: .high,
                        body: #"{"page":"数据库主库不可用"}"#)])
                    while receiver.received.count < page, ContinuousClock.now - queued < .seconds(90) {
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    latencies.append(ContinuousClock.now - queued)
                }
                let latency = latencies.sorted()[1]
                // Bulk to a healthy receiver is not held behind the dead hosts either.
                let bulkQueued = ContinuousClock.now
                try await store.enqueue((0..<20).map { index in
                    NewDelivery(
                        idempotencyKey: "notice:n-ok:announcement:ok\(index):webhook", channel: .webhook, address: url, severity: .medium,
                        body: #"{"notice":"ok"}"#)
                })
                while receiver.received.count < 23, ContinuousClock.now - bulkQueued < .seconds(90) {
                    try await Task.sleep(for: .milliseconds(5))
                }
                let bulkLatency = ContinuousClock.now - bulkQueued
                running.cancel()
                _ = await running.result
                let counts = try await store.deliveryCounts()[.webhook] ?? [:]
                print(
                    "measured [\(engine)]: with 10,000 deliveries to dead hosts pending, pages arrived \(latencies) after they were queued,"
                        + " 20 bulk notices to a healthy host within \(bulkLatency); webhook deliveries now \(counts)")
                #expect(receiver.received.prefix(3).map(\.idempotencyKey) == (1...3).map { "incident:i\($0):step-0:oncall:webhook" })
                // The target is 1 s; it takes tens of milliseconds when the machine is not loaded.
                #expect(latency < .seconds(1), "pages waited \(latencies) behind deliveries to dead hosts")
                #expect(latencies.allSatisfy { $0 < .seconds(3) }, "pages waited \(latencies) behind deliveries to dead hosts")
                #expect(receiver.received.count == 23)
                #expect(bulkLatency < .seconds(10), "bulk to a healthy host waited \(bulkLatency) behind dead hosts")
                #expect(counts[.dead] == nil, "a dead host loses nothing")
                // Those in flight at the end were cut short and wait for their next try.
                #expect(counts.values.reduce(0, +) == 10_023)
            }
        }
    }

    /// A receiver answering 503 for an hour and five minutes, far past the old eight attempts
    /// (about ten minutes of backoff): every message arrives once it is back, each exactly once,
    /// with every try in its history. The clock is moved by hand; the receiver is a real server.
    @Test(arguments: TestDatabase.allCases)
    func aReceiverDownForAnHourLosesNothingAndRepeatsNothing(_ engine: TestDatabase) async throws {
        let down = Mutex(true)
        let accepted = Mutex<[String]>([])
        let receiver = ProviderStandIn { seen in
            if down.withLock({ $0 }) { return ProviderStandIn.Reply(.serviceUnavailable, "down for maintenance") }
            accepted.withLock { $0.append(seen.headers["idempotency-key"] ?? "?") }
            return ProviderStandIn.Reply(.ok, "{}")
        }
        try await receiver.serve { base in
            let clock = TestClock(Date())
            try await engine.withStore(now: clock.now) { store in
                let worker = DeliveryWorker(store: store, channels: [WebhookChannel(client: .local, secret: "k", now: clock.now)], now: clock.now, logger: TestDatabase.logger)
                // The sixth is a message of another kind with the same day's budget; a public
                // subscriber's update could not reach this loopback receiver at all (OutboundGuardTests).
                let keys = (0..<5).map { "notice:n1:announcement:c\($0):webhook" } + ["feedback:f1:reply:webhook"]
                try await store.enqueue(keys.map {
                    NewDelivery(idempotencyKey: $0, channel: .webhook, address: "\(base)/hook", severity: .medium, body: "{}")
                })
                let start = clock.now()
                while clock.now().timeIntervalSince(start) < 3900 {
                    await worker.pass()
                    clock.advance(by: 30)
                }
                #expect(try await store.deliveryCounts()[.webhook] == [.pending: 6], "still waiting after 65 minutes, none given up")
                down.withLock { $0 = false }
                let back = clock.now()
                // Back: within the capped backoff (10 minutes) every message goes, once.
                var passes = 0
                while try await store.deliveryCounts()[.webhook]?[.sent] != 6, passes < 40 {
                    await worker.pass()
                    clock.advance(by: 30)
                    passes += 1
                }
                let settled = clock.now().timeIntervalSince(back)
                for _ in 0..<5 {
                    await worker.pass()
                    clock.advance(by: 600)
                }
                #expect(try await store.deliveryCounts()[.webhook] == [.sent: 6])
                #expect(accepted.withLock { $0 }.sorted() == keys.sorted(), "each arrived exactly once")
                var tries = 0
                for id in 1...Int64(keys.count) {
                    let history = try await store.deliveryAttempts(deliveryID: id)
                    #expect(history.last?.outcome == "sent")
                    #expect(history.dropLast().allSatisfy { $0.outcome == "retryable" })
                    #expect(history.map(\.number) == Array(1...history.count))
                    tries += history.count
                }
                #expect(tries == receiver.seen.count, "the history holds every request the receiver saw")
                // Retried on their own, six messages would have made about 90 requests in 65 minutes;
                // the breaker sends one probe per cooldown instead.
                #expect(receiver.seen.count < 48, "\(receiver.seen.count) requests to a receiver that was down")
                print(
                    "measured [\(engine)]: a 65-minute 503 outage: 6 of 6 delivered, each once, \(receiver.seen.count) requests in all"
                        + " (the breaker parked the rest); all sent within \(Int(settled)) s of the receiver's return")
                #expect(settled <= 660, "within the capped backoff and a cooldown")
            }
        }
    }
}
