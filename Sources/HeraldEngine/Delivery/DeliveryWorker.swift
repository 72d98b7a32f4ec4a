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
    let idleWait: Duration
    let limiter: RateLimiter
    let planner: ChannelPlanner
    let costs: CostPolicy
    let now: @Sendable () -> Date
    let logger: Logger

    public init(
        store: Store, channels: [any Channel], policy: RetryPolicy = RetryPolicy(), limiter: RateLimiter = RateLimiter(),
        planner: ChannelPlanner = ChannelPlanner(), costs: CostPolicy = CostPolicy(), batchSize: Int = 64, concurrency: Int = 16, idleWait: Duration = .milliseconds(250),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.limiter = limiter
        self.planner = planner
        self.costs = costs
        self.now = now
        self.store = store
        self.channels = Dictionary(channels.map { ($0.kind, $0) }, uniquingKeysWith: { _, last in last })
        self.policy = policy
        self.batchSize = batchSize
        self.concurrency = concurrency
        self.idleWait = idleWait
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let handled = await self.pass()
                if handled == 0 { try? await Task.sleep(for: self.idleWait) }
            }
        }
    }

    /// Claims one batch and sends it, at most `concurrency` at a time; returns how many were handled.
    @discardableResult
    public func pass() async -> Int {
        let claimed: [Delivery]
        do {
            claimed = try await store.claimDeliveries(limit: batchSize)
        } catch {
            logger.error("claiming deliveries failed; retrying", metadata: ["error": "\(error)"])
            return 0
        }
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for delivery in claimed {
                if running == concurrency {
                    await group.next()
                    running -= 1
                }
                group.addTask { await self.attempt(delivery) }
                running += 1
            }
        }
        return claimed.count
    }

    func attempt(_ delivery: Delivery) async {
        if let refusal = await budgetRefusal(delivery) {
            await record(delivery, outcome: refusal, latency: .zero)
            return
        }
        if let wait = limiter.reserve(delivery.channel, now: now()) {
            // Held back before sending: not an attempt, and the provider never sees it.
            do {
                try await store.postpone(deliveryID: delivery.id, until: now().addingTimeInterval(wait))
            } catch {
                logger.error("postponing a rate-limited delivery failed", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
            }
            return
        }
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: SendOutcome =
            if let channel = channels[delivery.channel] {
                await channel.send(OutgoingMessage(delivery))
            } else {
                .permanent(reason: "the \(delivery.channel.rawValue) channel is not configured")
            }
        await record(delivery, outcome: costs.cost(of: outcome, on: delivery.channel), latency: clock.now - start)
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

    func record(_ delivery: Delivery, outcome: SendOutcome, latency: Duration) async {
        do {
            var fallback: NewDelivery?
            if Store.isLastAttempt(delivery, outcome: outcome, policy: policy) {
                // Without a fallback the attempt is still recorded; otherwise the delivery would come
                // back after every lease without ever counting an attempt.
                do { fallback = try await self.fallback(for: delivery) } catch {
                    logger.error("preparing a fallback failed", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
                }
            }
            let recorded = try await store.recordAttempt(
                deliveryID: delivery.id, outcome: outcome, latency: latency, policy: policy, fallback: fallback)
            if recorded.state == .dead, let fallback {
                logger.notice(
                    "delivery failed for good; falling back",
                    metadata: ["delivery": "\(delivery.id)", "from": "\(delivery.channel.rawValue)", "to": "\(fallback.channel.rawValue)"])
            } else if recorded.state == .dead {
                logger.warning(
                    "delivery is a dead letter",
                    metadata: ["delivery": "\(delivery.id)", "channel": "\(delivery.channel.rawValue)", "error": "\(recorded.lastError ?? "")"])
            }
        } catch {
            // The lease runs out and the delivery is claimed again: sent twice at worst, never lost.
            logger.error("recording a delivery attempt failed", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
    }

    /// The same message for the same contact on the next channel of the chain, rendered for that channel.
    func fallback(for delivery: Delivery) async throws -> NewDelivery? {
        guard let contactID = delivery.contactID, let announcementID = delivery.announcementID else { return nil }
        let contact = try await store.contact(id: contactID)
        guard let next = planner.fallback(after: delivery.channel, for: contact) else { return nil }
        let announcement = try await store.announcement(id: announcementID)
        guard let message = FanOutHandoff.message(announcement.messages, kind: next.channel.templateKind, language: contact.language)
        else { return nil }
        return NewDelivery(
            idempotencyKey: "\(delivery.idempotencyKey):fallback:\(next.channel.rawValue)", channel: next.channel,
            address: next.address, severity: delivery.severity, subject: message.subject, body: message.text,
            html: next.channel == .email ? message.html : nil, announcementID: announcementID, contactID: contactID,
            fallbackFrom: delivery.id)
    }
}
