import Foundation
import HeraldChannels
import HeraldCore
import HeraldStore
import Logging
import ServiceLifecycle

/// Drains the delivery queue: claims due deliveries, sends each on its channel, records every attempt.
///
/// Two lanes claim and send on their own: pages (urgent) with slots of their own, everything else
/// (bulk), so a page never waits for a slot behind a fan-out. Within a lane no destination (a
/// webhook's host and port, or a channel's provider) has more than `perDestination` in flight (by default
/// a whole lane: most fan-outs go to one relay or one provider, and halving what one destination may
/// have in flight halved their throughput), and
/// a destination that keeps failing trips its circuit breaker: its queued deliveries are parked
/// until a probe finds it answering again, instead of holding the lane's slots until they time out.
///
/// Nothing is lost in a crash: a delivery is a stored row before it is sent, a claim is a lease that
/// expires, and the attempt's result is recorded in one transaction. At worst a delivery that was
/// in flight is sent again, with the same idempotency key, and the lost attempt is counted.
public struct DeliveryWorker: Service {
    let store: Store
    let channels: [ChannelKind: any Channel]
    let policy: RetryPolicy
    let batchSize: Int
    /// Slots of the bulk lane.
    let concurrency: Int
    /// Slots of the urgent lane, which bulk never uses.
    let urgentConcurrency: Int
    /// In flight to one destination, per lane.
    let perDestination: Int
    /// Attempts recorded per transaction.
    let recordEvery: Int
    let idleWait: Duration
    let urgentIdleWait: Duration
    let limiter: RateLimiter
    let planner: ChannelPlanner
    let costs: CostPolicy
    let confirmations: ConfirmationTimeouts
    let traffic: DeliveryTraffic
    let recorder: any WorkRecorder
    let now: @Sendable () -> Date
    let logger: Logger

    public init(
        store: Store, channels: [any Channel], policy: RetryPolicy = RetryPolicy(),
        limiter: RateLimiter = RateLimiter(limits: Channels.catalogue.rateLimits), planner: ChannelPlanner = Channels.planner,
        costs: CostPolicy = CostPolicy(), confirmations: ConfirmationTimeouts = ConfirmationTimeouts(within: Channels.catalogue.confirmationWindows),
        batchSize: Int = 256, concurrency: Int = 64, urgentConcurrency: Int = 16, perDestination: Int = 64,
        breaker: CircuitBreaker = CircuitBreaker(), recordEvery: Int = 64, idleWait: Duration = .milliseconds(250),
        urgentIdleWait: Duration = .milliseconds(100), recorder: any WorkRecorder = NoWorkRecorder(),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.recorder = recorder
        self.limiter = limiter
        self.planner = planner
        self.costs = costs
        self.confirmations = confirmations
        self.now = now
        self.store = store
        self.channels = Dictionary(channels.map { ($0.kind, $0) }, uniquingKeysWith: { _, last in last })
        self.policy = policy
        self.batchSize = batchSize
        self.concurrency = max(1, concurrency)
        self.urgentConcurrency = max(1, urgentConcurrency)
        self.perDestination = max(1, perDestination)
        self.traffic = DeliveryTraffic(breaker: breaker)
        self.recordEvery = recordEvery
        self.idleWait = idleWait
        self.urgentIdleWait = urgentIdleWait
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.store.waitForSchema()
            await withTaskGroup(of: Void.self) { group in
                for lane in DeliveryLane.allCases { group.addTask { await self.drain(lane) } }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(5))
                        if !Task.isCancelled { await self.sweepUnconfirmed() }
                    }
                }
            }
        }
    }

    func slots(_ lane: DeliveryLane) -> Int { lane == .urgent ? urgentConcurrency : concurrency }

    /// Keeps one lane's slots busy until cancelled: claims as slots free up (a few at a time, or at
    /// every tick of `idleWait`), never more than each destination has room for, and records
    /// results in groups, at least once per tick.
    func drain(_ lane: DeliveryLane) async {
        enum Event: Sendable {
            case step(Step)
            case tick
        }
        let slots = slots(lane)
        let tick = lane == .urgent ? urgentIdleWait : idleWait
        // Claims wait for a few finished sends rather than one, so a fast receiver is not met with a
        // transaction per message; the tick looks again however few have finished.
        let claimEvery = max(1, min(slots / 4, perDestination / 2))
        await withTaskGroup(of: Event.self) { group in
            var running = 0
            var finished = 0
            var ticking = false
            var ticked = true
            var pending = Pending()
            while !Task.isCancelled {
                let free = slots - running
                if free > 0, ticked || finished >= claimEvery {
                    for delivery in await claim(lane, room: traffic.room(lane, total: free, limit: perDestination, now: now())) {
                        traffic.take(delivery.destination, lane: lane)
                        group.addTask { .step(await self.attempt(delivery, lane: lane)) }
                        running += 1
                    }
                    finished = 0
                    ticked = false
                }
                if !ticking {
                    group.addTask {
                        try? await Task.sleep(for: tick)
                        return .tick
                    }
                    ticking = true
                }
                switch await group.next() {
                case .tick?:
                    ticking = false
                    ticked = true
                    await record(&pending)
                case .step(let step)?:
                    running -= 1
                    finished += 1
                    pending.add(step)
                    if pending.count >= recordEvery { await record(&pending) }
                case nil:
                    break
                }
            }
            // Shutting down: what was in flight is recorded, outside this task's cancellation, which
            // would cut the transaction short and leave the attempts to be counted as interrupted.
            while let event = await group.next() {
                if case .step(let step) = event { pending.add(step) }
            }
            let last = pending
            await Task {
                var last = last
                await self.record(&last)
            }.value
        }
    }

    func claim(_ lane: DeliveryLane, room: ClaimRoom) async -> [Delivery] {
        do {
            return try await store.claimDeliveries(lane: lane, room: room)
        } catch where error is CancellationError || Task.isCancelled {
            return []  // Shutting down: a query cut short is not a failure.
        } catch {
            logger.error("claiming deliveries failed; retrying", metadata: ["lane": "\(lane.rawValue)", "error": "\(error)"])
            return []
        }
    }

    /// Claims one batch (pages first) and sends it, at most `concurrency` at a time and
    /// `perDestination` at a time to one destination; returns how many were handled. Results are
    /// recorded in groups as they come in, so one slow provider does not hold back the record of
    /// the rest. `run` does not use it; it is the worker's work in one step, for tests and tools.
    @discardableResult
    public func pass() async -> Int {
        var claimed: [(Delivery, DeliveryLane)] = []
        for lane in DeliveryLane.allCases where claimed.count < batchSize {
            claimed += await claim(lane, room: ClaimRoom(total: batchSize - claimed.count)).map { ($0, lane) }
        }
        await withTaskGroup(of: (String, Step).self) { group in
            var waiting = claimed
            var running = 0
            var flying: [String: Int] = [:]
            var pending = Pending()
            while !waiting.isEmpty || running > 0 {
                while running < concurrency,
                    let next = waiting.firstIndex(where: { flying[$0.0.destination, default: 0] < perDestination })
                {
                    let (delivery, lane) = waiting.remove(at: next)
                    flying[delivery.destination, default: 0] += 1
                    traffic.take(delivery.destination, lane: lane)
                    running += 1
                    group.addTask { (delivery.destination, await self.attempt(delivery, lane: lane)) }
                }
                guard let (destination, step) = await group.next() else { break }
                running -= 1
                flying[destination, default: 1] -= 1
                pending.add(step)
                if pending.count >= recordEvery { await record(&pending) }
            }
            await record(&pending)
        }
        return claimed.count
    }

    /// What became of one claimed delivery.
    enum Step: Sendable {
        case attempted(AttemptResult)
        /// Held back before sending (a rate limit, an open breaker): not an attempt, and the
        /// provider never saw it.
        case postponed(Int64, until: Date)
    }

    /// Results waiting to be recorded.
    struct Pending {
        var done: [AttemptResult] = []
        var postponed: [(Int64, Date)] = []
        var count: Int { done.count + postponed.count }

        mutating func add(_ step: Step) {
            switch step {
            case .attempted(let result): done.append(result)
            case .postponed(let id, let until): postponed.append((id, until))
            }
        }
    }

    /// Sends one claimed delivery, which `take` counted as in flight to its destination.
    func attempt(_ delivery: Delivery, lane: DeliveryLane) async -> Step {
        let destination = delivery.destination
        defer { traffic.release(destination, lane: lane) }
        if let refusal = await budgetRefusal(delivery) {
            failed(delivery, refusal, latency: nil)
            return .attempted(await result(delivery, outcome: refusal, latency: .zero))
        }
        if let wait = limiter.reserve(delivery.channel, now: now()) {
            return .postponed(delivery.id, until: now().addingTimeInterval(wait))
        }
        guard let channel = channels[delivery.channel] else {
            let outcome = SendOutcome.permanent(reason: "the \(delivery.channel.rawValue) channel is not configured")
            failed(delivery, outcome, latency: nil)
            return .attempted(await result(delivery, outcome: outcome, latency: .zero))
        }
        if let until = traffic.admit(destination, now: now()) {
            return .postponed(delivery.id, until: until)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await channel.send(OutgoingMessage(delivery))
        let latency = clock.now - start
        failed(delivery, outcome, latency: latency)
        if let park = traffic.judge(destination, CircuitBreaker.Signal.of(outcome), now: now()) {
            logger.warning(
                "a destination keeps failing; its deliveries wait",
                metadata: ["destination": "\(destination)", "until": "\(park)", "error": "\(Self.reason(outcome) ?? "")"])
        }
        var result = await result(delivery, outcome: costs.cost(of: outcome, on: delivery.channel), latency: latency)
        if channel.confirmsDelivery { result.confirmWithin = confirmations.within[delivery.channel] }
        return .attempted(result)
    }

    /// Records an attempt, and logs it at warning when it failed: which delivery, on which channel,
    /// the how-manyth attempt, and why, in the words the channel gave (`TransportFailure` for
    /// failures before any answer).
    func failed(_ delivery: Delivery, _ outcome: SendOutcome, latency: Duration?) {
        recorder.attempted(delivery, outcome: outcome, latency: latency)
        guard let reason = Self.reason(outcome) else { return }
        var retry = false
        if case .retryable = outcome { retry = true }
        logger.warning(
            "delivery attempt failed",
            metadata: [
                "delivery": "\(delivery.id)", "channel": "\(delivery.channel.rawValue)", "attempt": "\(delivery.attempts + 1)",
                "retry": "\(retry)", "reason": "\(reason)",
            ])
    }

    static func reason(_ outcome: SendOutcome) -> String? {
        switch outcome {
        case .sent: nil
        case .retryable(let reason, _), .permanent(let reason): reason
        }
    }

    /// Hands every sent message whose receipt did not come in time to its fallback.
    @discardableResult
    public func sweepUnconfirmed() async -> Int {
        var handed = 0
        do {
            for delivery in try await store.unconfirmedDeliveries(before: now()) {
                let waited = delivery.confirmBy.flatMap { deadline in delivery.sentAt.map { deadline.timeIntervalSince($0) } } ?? 0
                let receipt = Receipt.failed(status: "unconfirmed", reason: "not confirmed within \(Int(waited)) s")
                let fallback = try await self.fallback(for: delivery)
                if case .failed = try await store.settle(deliveryID: delivery.id, receipt: receipt, fallback: fallback, timedOut: true) {
                    handed += 1
                    logger.notice(
                        "delivery not confirmed in time; falling back",
                        metadata: ["delivery": "\(delivery.id)", "to": "\(fallback?.channel.rawValue ?? "nothing left")"])
                }
            }
        } catch where error is CancellationError || Task.isCancelled {
            // Shutting down: a query cut short is not a failure.
        } catch {
            logger.error("handing unconfirmed deliveries to their fallback failed; retrying", metadata: ["error": "\(error)"])
        }
        return handed
    }

    /// The attempt's result, with the fallback to queue if this attempt makes it a dead letter.
    /// Whether it does is judged now, on the store's clock, and recorded as the attempt's time, so
    /// the store's decision and this one agree however late the record goes in.
    func result(_ delivery: Delivery, outcome: SendOutcome, latency: Duration) async -> AttemptResult {
        let at = store.now()
        var fallback: NewDelivery?
        if Store.isLastAttempt(delivery, outcome: outcome, policy: policy, at: at) {
            // Without a fallback the attempt is still recorded; otherwise the delivery would come
            // back after every lease without ever counting an attempt.
            do { fallback = try await self.fallback(for: delivery) } catch {
                logger.error("preparing a fallback failed", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
            }
        }
        return AttemptResult(delivery: delivery, outcome: outcome, latency: latency, fallback: fallback, at: at)
    }

    func record(_ pending: inout Pending) async {
        guard pending.count > 0 else { return }
        let (results, postponed) = (pending.done, pending.postponed)
        pending = Pending()
        do {
            if !postponed.isEmpty { try await store.postpone(postponed) }
            for recorded in try await store.recordAttempts(results, policy: policy) where recorded.state == .dead {
                recorder.deadLettered(recorded)
                let fallback = results.first { $0.delivery.id == recorded.id }?.fallback
                if let fallback {
                    logger.notice(
                        "delivery failed for good; falling back",
                        metadata: ["delivery": "\(recorded.id)", "from": "\(recorded.channel.rawValue)", "to": "\(fallback.channel.rawValue)"])
                } else {
                    logger.warning(
                        "delivery is a dead letter",
                        metadata: ["delivery": "\(recorded.id)", "channel": "\(recorded.channel.rawValue)", "error": "\(recorded.lastError ?? "")"])
                }
            }
        } catch {
            // The leases run out and the deliveries are claimed again: sent twice at worst, never lost.
            logger.error("recording delivery attempts failed", metadata: ["deliveries": "\(results.count)", "error": "\(error)"])
        }
        // Park what waits for a destination whose breaker is open, those just recorded included:
        // their own retry times may fall inside the cooldown.
        var parks: [String: Date] = [:]
        for result in results {
            let destination = result.delivery.destination
            if let until = traffic.openUntil(destination, now: now()) { parks[destination] = until }
        }
        for (destination, until) in parks.sorted(by: { $0.key < $1.key }) {
            do {
                let parked = try await store.park(destination: destination, until: until)
                if parked > 0 {
                    logger.notice("deliveries parked until their destination answers", metadata: [
                        "destination": "\(destination)", "deliveries": "\(parked)", "until": "\(until)",
                    ])
                }
            } catch {
                // Not parked, they are claimed and held back one by one instead: slower, not wrong.
                logger.error("parking deliveries failed", metadata: ["destination": "\(destination)", "error": "\(error)"])
            }
        }
    }

    /// Refuses a message its channel's monthly budget cannot pay for; warns as the budget runs low.
    func budgetRefusal(_ delivery: Delivery) async -> SendOutcome? {
        guard costs.monthlyBudgets[delivery.channel] != nil else { return nil }
        let spent: Double
        do {
            spent = try await store.spent(on: delivery.channel, since: costs.monthStart(containing: now()))
        } catch {
            // Not knowing the spending must not hold a message back.
            logger.error("reading this month's spending failed; sending anyway", metadata: ["error": "\(error)"])
            return nil
        }
        let channel = delivery.channel.rawValue
        switch costs.decide(channel: delivery.channel, severity: delivery.severity, spent: spent) {
        case .within:
            return nil
        case .nearing(let spent, let budget):
            logger.warning(
                "the monthly \(channel) budget is running out",
                metadata: ["spent": "\(spent)", "budget": "\(budget)", "currency": "\(costs.currency)"])
            return nil
        case .overBudgetButUrgent(let spent, let budget):
            logger.error(
                "the monthly \(channel) budget is exceeded; sending a high-severity message anyway",
                metadata: ["spent": "\(spent)", "budget": "\(budget)", "currency": "\(costs.currency)", "delivery": "\(delivery.id)"])
            return nil
        case .refused(let spent, let budget):
            return .permanent(
                reason: "the monthly \(channel) budget of \(budget) \(costs.currency) is used up (\(spent) spent); only high severity is sent over it")
        }
    }

    func fallback(for delivery: Delivery) async throws -> NewDelivery? {
        try await Fallbacks(store: store, planner: planner).next(after: delivery)
    }
}
