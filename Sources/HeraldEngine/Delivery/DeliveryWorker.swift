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
    let now: @Sendable () -> Date
    let logger: Logger

    public init(
        store: Store, channels: [any Channel], policy: RetryPolicy = RetryPolicy(), limiter: RateLimiter = RateLimiter(),
        batchSize: Int = 64, concurrency: Int = 16, idleWait: Duration = .milliseconds(250),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.limiter = limiter
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
        do {
            let recorded = try await store.recordAttempt(
                deliveryID: delivery.id, outcome: outcome, latency: clock.now - start, policy: policy)
            if recorded.state == .dead {
                logger.warning(
                    "delivery is a dead letter",
                    metadata: ["delivery": "\(delivery.id)", "channel": "\(delivery.channel.rawValue)", "error": "\(recorded.lastError ?? "")"])
            }
        } catch {
            // The lease runs out and the delivery is claimed again: sent twice at worst, never lost.
            logger.error("recording a delivery attempt failed", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
    }
}
