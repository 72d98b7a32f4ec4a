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
            // …after it, the delivery comes back with the same idempotency key, and the lost try is
            // counted: the request may well have gone out before the process died.
            let again = try await store.claimDeliveries(limit: 5)
            #expect(again.map(\.idempotencyKey) == ["k1"])
            #expect(again.first?.attempts == 1)
            // Times are stored in whole milliseconds.
            #expect(abs(try #require(again.first?.firstAttemptAt).timeIntervalSince(clock.now() - 61)) < 0.002, "the budget runs from the lost try")
            let history = try await store.deliveryAttempts(deliveryID: claimed[0].id)
            #expect(history.map(\.outcome) == ["interrupted"])
            #expect(abs(try #require(history.first?.at).timeIntervalSince(clock.now() - 61)) < 0.002, "dated when it was claimed")
            #expect(history.first?.detail?.contains("it may have been sent") == true)
            // The next outcome is the second attempt.
            let recorded = try await store.recordAttempt(
                deliveryID: claimed[0].id, outcome: .retryable(reason: "HTTP 503", retryAfter: nil), latency: .milliseconds(3))
            #expect(recorded.attempts == 2)
            #expect(try await store.deliveryAttempts(deliveryID: claimed[0].id).map(\.number) == [1, 2])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func eachLaneClaimsItsOwnAndNoDestinationBeyondItsRoom(_ engine: TestDatabase) async throws {
        try await Self.run(engine) { store, _ in
            try await store.enqueue((0..<6).map { Self.webhook("notice:n1:announcement:a\($0):webhook", to: "http://a.example/\($0)", severity: .high) })
            try await store.enqueue((0..<3).map { Self.webhook("notice:n1:announcement:b\($0):webhook", to: "http://b.example/\($0)") })
            try await store.enqueue([Self.webhook("incident:i1:step-0:wang:webhook", to: "http://a.example/page", severity: .low)])
            let urgent = try await store.claimDeliveries(lane: .urgent, room: ClaimRoom(total: 10))
            #expect(urgent.map(\.idempotencyKey) == ["incident:i1:step-0:wang:webhook"], "a low page is still a page")
            let first = try await store.claimDeliveries(lane: .bulk, room: ClaimRoom(total: 4, perDestination: 2))
            #expect(first.map(\.destination) == ["http://a.example:80", "http://a.example:80", "http://b.example:80", "http://b.example:80"])
            // a has two in flight and a limit of three; b's breaker is open.
            let second = try await store.claimDeliveries(lane: .bulk, room: ClaimRoom(total: 10, perDestination: 3, remaining: ["http://a.example:80": 1, "http://b.example:80": 0]))
            #expect(second.map(\.idempotencyKey) == ["notice:n1:announcement:a2:webhook"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func parkingADestinationMovesItsQueueAndKeepsHistoryAndLaterRetries(_ engine: TestDatabase) async throws {
        try await Self.run(engine) { store, clock in
            try await store.enqueue((0..<4).map { Self.webhook("notice:n1:announcement:d\($0):webhook", to: "http://dead.example/\($0)") })
            try await store.enqueue([Self.webhook("notice:n1:announcement:ok:webhook", to: "http://ok.example/")])
            let tried = try #require(try await store.claimDeliveries(limit: 1).first)
            _ = try await store.recordAttempt(deliveryID: tried.id, outcome: .retryable(reason: "no answer", retryAfter: 7200), latency: .zero)
            let inFlight = try #require(try await store.claimDeliveries(limit: 1).first)
            let parked = try await store.park(destination: "http://dead.example:80", until: clock.now() + 600)
            #expect(parked == 2, "the two waiting; not the one in flight, nor the one already due later")
            let due = try await store.claimDeliveries(limit: 10)
            #expect(due.map(\.idempotencyKey) == ["notice:n1:announcement:ok:webhook"])
            #expect(abs(try await store.delivery(id: tried.id).nextAttemptAt.timeIntervalSince(clock.now() + 7200)) < 0.002)
            #expect(try await store.delivery(id: tried.id).attempts == 1)
            #expect(try await store.deliveryAttempts(deliveryID: tried.id).count == 1)
            clock.advance(by: 601)
            let back = try await store.claimDeliveries(limit: 10)
            // The two parked, and the two whose claims ran out meanwhile.
            #expect(
                Set(back.map(\.idempotencyKey)) == [
                    "notice:n1:announcement:d2:webhook", "notice:n1:announcement:d3:webhook", inFlight.idempotencyKey,
                    "notice:n1:announcement:ok:webhook",
                ])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func retriesBackOffThenSucceedAndEveryAttemptIsRecorded(_ engine: TestDatabase) async throws {
        let receiver = WebhookReceiver(secret: "k", answers: [(.tooManyRequests, [:]), (.serviceUnavailable, [:])])
        try await receiver.serve { url in
            try await Self.run(engine) { store, clock in
                let worker = DeliveryWorker(
                    store: store, channels: [WebhookChannel(client: .local, secret: "k")],
                    policy: RetryPolicy(firstDelay: 30, maximumDelay: 300), logger: TestDatabase.logger)
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
                let worker = DeliveryWorker(store: store, channels: [WebhookChannel(client: .local, secret: "k")], logger: TestDatabase.logger)
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
    func retryableFailuresBecomeDeadLettersWhenTheirTimeRunsOut(_ engine: TestDatabase) async throws {
        try await Self.run(engine) { store, clock in
            let worker = DeliveryWorker(
                store: store, channels: [WebhookChannel(client: .local, secret: "k", timeout: .seconds(2))],
                policy: RetryPolicy(firstDelay: 1, maximumDelay: 1, retryFor: [.message: 3]), logger: TestDatabase.logger)
            try await store.enqueue([Self.webhook("unreachable", to: "http://127.0.0.1:\(try DeadHosts.refusedPort())/hook")])
            for _ in 0..<3 {
                await worker.pass()
                clock.advance(by: 2)
            }
            let delivery = try await store.delivery(id: 1)
            #expect(delivery.state == .dead)
            #expect(delivery.attempts == 3, "tried at 0 s, 2 s, and at 4 s after its 3 s were up")
            #expect(delivery.lastError?.hasPrefix("gave up after 3 attempts in 3 s: no answer") == true, "\(delivery.lastError ?? "")")
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
                    store: store, channels: [DingTalkChannel(RobotEndpoint(client: .local, webhookURL: "\(base)/robot/send?access_token=T", secret: "SECx"))],
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
