import Foundation
import HeraldChannels
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct DeliveryQueueTests {
    static func webhook(_ key: String, to url: String, severity: Severity = .medium) -> NewDelivery {
        NewDelivery(idempotencyKey: key, channel: .webhook, address: url, severity: severity, body: #"{"key":"\#(key)"}"#)
    }

    /// A queue on `engine` with a hand-moved clock.
    static func run(_ engine: TestDatabase, _ body: @escaping @Sendable (Store, TestClock) async throws -> Void) async throws {
        let clock = TestClock(Date())
        try await engine.withStore(now: clock.now) { store in try await body(store, clock) }
    }

    @Test(arguments: TestDatabase.allCases)
    func enqueueingTheSameKeyTwiceQueuesItOnce(_ engine: TestDatabase) async throws {
        try await Self.run(engine) { store, _ in
            let first = try await store.enqueue([Self.webhook("a", to: "http://x"), Self.webhook("b", to: "http://x")])
            let second = try await store.enqueue([Self.webhook("a", to: "http://x"), Self.webhook("c", to: "http://x")])
            let counts = try await store.deliveryCounts()
            #expect(first == 2 && second == 1)
            #expect(counts[.webhook]?[.pending] == 3)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func workersClaimEachDeliveryOnceAndHighSeverityFirst(_ engine: TestDatabase) async throws {
        try await Self.run(engine) { store, _ in
            try await store.enqueue((0..<30).map { Self.webhook("low-\($0)", to: "http://x", severity: .low) })
            try await store.enqueue((0..<10).map { Self.webhook("high-\($0)", to: "http://x", severity: .high) })
            let first = try await store.claimDeliveries(limit: 10)
            #expect(first.allSatisfy { $0.severity == .high })
            let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for _ in 0..<4 { group.addTask { try await store.claimDeliveries(limit: 10).map(\.id) } }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
            #expect(claims.count == 30)
            #expect(Set(claims).count == 30, "no delivery is claimed by two workers")
            #expect(try await store.claimDeliveries(limit: 10).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aWorkerThatDiesMidSendLeavesTheDeliveryToBeClaimedAgain(_ engine: TestDatabase) async throws {
        try await Self.run(engine) { store, clock in
            try await store.enqueue([Self.webhook("k1", to: "http://x")])
            let claimed = try await store.claimDeliveries(limit: 5, lease: 60)
            #expect(claimed.count == 1)
            // The worker is killed here: nothing is recorded. Within the lease nobody else takes it…
            #expect(try await store.claimDeliveries(limit: 5).isEmpty)
            clock.advance(by: 61)
            // …after it, the delivery comes back with the same idempotency key.
            let again = try await store.claimDeliveries(limit: 5)
            #expect(again.map(\.idempotencyKey) == ["k1"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func retriesBackOffThenSucceedAndEveryAttemptIsRecorded(_ engine: TestDatabase) async throws {
        let receiver = WebhookReceiver(secret: "k", answers: [(.tooManyRequests, [:]), (.serviceUnavailable, [:])])
        try await receiver.serve { url in
            try await Self.run(engine) { store, clock in
                let worker = DeliveryWorker(
                    store: store, channels: [WebhookChannel(secret: "k")],
                    policy: RetryPolicy(firstDelay: 30, maximumDelay: 300, maximumAttempts: 5), logger: TestDatabase.logger)
                try await store.enqueue([Self.webhook("notice:n1:announcement:webhook:ops", to: url)])
                #expect(await worker.pass() == 1)
                let waiting = try await store.claimDeliveries(limit: 1)
                #expect(waiting.isEmpty, "not due before its backoff")
                clock.advance(by: 31)
                #expect(await worker.pass() == 1)
                clock.advance(by: 61)
                #expect(await worker.pass() == 1)
                let delivery = try await store.delivery(id: 1)
                #expect(delivery.state == .sent)
                #expect(delivery.attempts == 3)
                let attempts = try await store.deliveryAttempts(deliveryID: delivery.id)
                #expect(attempts.map(\.outcome) == ["retryable", "retryable", "sent"])
                #expect(attempts.first?.detail?.hasPrefix("HTTP 429") == true)
            }
        }
        #expect(receiver.received.map(\.idempotencyKey) == Array(repeating: "notice:n1:announcement:webhook:ops", count: 3))
    }

    @Test(arguments: TestDatabase.allCases)
    func aPermanentFailureIsADeadLetterThatCanBeRetried(_ engine: TestDatabase) async throws {
        let receiver = WebhookReceiver(secret: "k", answers: [(.notFound, [:])])
        try await receiver.serve { url in
            try await Self.run(engine) { store, _ in
                let worker = DeliveryWorker(store: store, channels: [WebhookChannel(secret: "k")], logger: TestDatabase.logger)
                try await store.enqueue([Self.webhook("gone", to: url), NewDelivery(idempotencyKey: "sms-1", channel: .sms, address: "+8613800000000", severity: .high, body: "x")])
                #expect(await worker.pass() == 2)
                let dead = try await store.deadLetters()
                #expect(Set(dead.map(\.idempotencyKey)) == ["gone", "sms-1"])
                #expect(dead.first { $0.channel == .sms }?.lastError == "the sms channel is not configured")
                let revived = try await store.retryDeadLetter(id: try #require(dead.first { $0.idempotencyKey == "gone" }?.id))
                #expect(revived.state == .pending)
                #expect(await worker.pass() == 1)
                #expect(try await store.delivery(id: revived.id).state == .sent)
                #expect(try await store.deliveryAttempts(deliveryID: revived.id).count == 2, "the history is kept")
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func retryableFailuresBecomeDeadLettersWhenAttemptsRunOut(_ engine: TestDatabase) async throws {
        try await Self.run(engine) { store, clock in
            let worker = DeliveryWorker(
                store: store, channels: [WebhookChannel(secret: "k", timeout: .seconds(2))],
                policy: RetryPolicy(firstDelay: 1, maximumDelay: 1, maximumAttempts: 3), logger: TestDatabase.logger)
            try await store.enqueue([Self.webhook("unreachable", to: "http://127.0.0.1:9/hook")])
            for _ in 0..<3 {
                await worker.pass()
                clock.advance(by: 2)
            }
            let delivery = try await store.delivery(id: 1)
            #expect(delivery.state == .dead)
            #expect(delivery.lastError?.hasPrefix("gave up after 3 attempts") == true)
        }
    }
}

@Suite struct RateLimitedDeliveryTests {
    @Test(arguments: TestDatabase.allCases)
    func aRobotsLimitHoldsMessagesBackWithoutCountingAttempts(_ engine: TestDatabase) async throws {
        let standIn = ProviderStandIn { _ in (.ok, #"{"errcode":0,"errmsg":"ok"}"#, []) }
        try await standIn.serve { base in
            let clock = TestClock(Date())
            try await engine.withStore(now: clock.now) { store in
                let worker = DeliveryWorker(
                    store: store, channels: [DingTalkChannel(RobotEndpoint(webhookURL: "\(base)/robot/send?access_token=T", secret: "SECx"))],
                    now: clock.now, logger: TestDatabase.logger)
                try await store.enqueue((0..<25).map {
                    NewDelivery(idempotencyKey: "d\($0)", channel: .dingtalk, address: "user\($0)", severity: .medium, body: "维护通知")
                })
                #expect(await worker.pass() == 25)
                let counts = try await store.deliveryCounts()[.dingtalk]
                #expect(counts?[.sent] == 20)
                #expect(counts?[.pending] == 5)
                #expect(try await store.claimDeliveries(limit: 10).isEmpty, "held until the window frees")
                clock.advance(by: 61)
                #expect(await worker.pass() == 5)
                #expect(try await store.deliveryCounts()[.dingtalk]?[.sent] == 25)
                #expect(try await store.deliveryAttempts(deliveryID: 25).count == 1, "waiting for the limit is not an attempt")
            }
        }
        #expect(standIn.seen.count == 25)
    }
}
