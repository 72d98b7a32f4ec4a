import Foundation
import HeraldChannels
import HeraldCore
import HeraldStore
import Logging
import ServiceLifecycle

/// Drains the delivery queue: claims due deliveries, sends each on its channel, records every attempt.
///
/// Nothing is lost in a crash: a delivery is a stored row before it is sent, a claim is a lease that
/// expires, and the attempt's result is recorded in one transaction. At worst a delivery that was
/// in flight is sent again, with the same idempotency key.
public struct DeliveryWorker: Service {
    let store: Store
    let channels: [ChannelKind: any Channel]
    let policy: RetryPolicy
    let batchSize: Int
    let concurrency: Int
    /// Attempts recorded per transaction.
    let recordEvery: Int
    let idleWait: Duration
    let limiter: RateLimiter
    let planner: ChannelPlanner
    let costs: CostPolicy
    let confirmations: ConfirmationTimeouts
    let now: @Sendable () -> Date
    let logger: Logger

    public init(
        store: Store, channels: [any Channel], policy: RetryPolicy = RetryPolicy(),
        limiter: RateLimiter = RateLimiter(limits: Channels.catalogue.rateLimits), planner: ChannelPlanner = Channels.planner,
        costs: CostPolicy = CostPolicy(), confirmations: ConfirmationTimeouts = ConfirmationTimeouts(within: Channels.catalogue.confirmationWindows), batchSize: Int = 256, concurrency: Int = 64, recordEvery: Int = 64, idleWait: Duration = .milliseconds(250),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.limiter = limiter
        self.planner = planner
        self.costs = costs
        self.confirmations = confirmations
        self.now = now
        self.store = store
        self.channels = Dictionary(channels.map { ($0.kind, $0) }, uniquingKeysWith: { _, last in last })
        self.policy = policy
        self.batchSize = batchSize
        self.concurrency = concurrency
        self.recordEvery = recordEvery
        self.idleWait = idleWait
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.store.waitForSchema()
            var lastSweep = ContinuousClock.now
            while !Task.isCancelled {
                if ContinuousClock.now - lastSweep > .seconds(5) {
                    await self.sweepUnconfirmed()
                    lastSweep = ContinuousClock.now
                }
                let handled = await self.pass()
                if handled == 0 { try? await Task.sleep(for: self.idleWait) }
            }
        }
    }

    /// Claims one batch and sends it, at most `concurrency` at a time; returns how many were handled.
    /// Results are recorded in groups as they come in, so one slow provider does not hold back the
    /// record of the rest.
    @discardableResult
    public func pass() async -> Int {
        let claimed: [Delivery]
        do {
            claimed = try await store.claimDeliveries(limit: batchSize)
        } catch where error is CancellationError || Task.isCancelled {
            return 0  // Shutting down: a query cut short is not a failure.
        } catch {
            logger.error("claiming deliveries failed; retrying", metadata: ["error": "\(error)"])
            return 0
        }
        await withTaskGroup(of: Step.self) { group in
            var running = 0
            var done: [AttemptResult] = []
            var postponed: [(Int64, Date)] = []
            func collect(_ step: Step?) async {
                switch step {
                case .attempted(let result)?: done.append(result)
                case .postponed(let id, let until)?: postponed.append((id, until))
                case nil: break
                }
                if done.count + postponed.count >= recordEvery {
                    await record(done, postponed: postponed)
                    done = []
                    postponed = []
                }
            }
            for delivery in claimed {
                if running == concurrency {
                    await collect(await group.next())
                    running -= 1
                }
                group.addTask { await self.attempt(delivery) }
                running += 1
            }
            while let step = await group.next() { await collect(step) }
            await record(done, postponed: postponed)
        }
        return claimed.count
    }

    /// What became of one claimed delivery.
    enum Step: Sendable {
        case attempted(AttemptResult)
        /// Held back by a rate limit before sending: not an attempt, and the provider never saw it.
        case postponed(Int64, until: Date)
    }

    func attempt(_ delivery: Delivery) async -> Step {
        if let refusal = await budgetRefusal(delivery) {
            return .attempted(await result(delivery, outcome: refusal, latency: .zero))
        }
        if let wait = limiter.reserve(delivery.channel, now: now()) {
            return .postponed(delivery.id, until: now().addingTimeInterval(wait))
        }
        let clock = ContinuousClock()
        let start = clock.now
        let channel = channels[delivery.channel]
        let outcome: SendOutcome =
            if let channel {
                await channel.send(OutgoingMessage(delivery))
            } else {
                .permanent(reason: "the \(delivery.channel.rawValue) channel is not configured")
            }
        var result = await result(delivery, outcome: costs.cost(of: outcome, on: delivery.channel), latency: clock.now - start)
        if channel?.confirmsDelivery == true { result.confirmWithin = confirmations.within[delivery.channel] }
        return .attempted(result)
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

    func record(_ results: [AttemptResult], postponed: [(Int64, Date)]) async {
        do {
            if !postponed.isEmpty { try await store.postpone(postponed) }
            for recorded in try await store.recordAttempts(results, policy: policy) where recorded.state == .dead {
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
