import Foundation
import HeraldCore
import HeraldStore
import Logging
import ServiceLifecycle

/// Runs notices' timed steps as they come due and hands stored announcements to delivery.
///
/// Safe to run on several nodes at once: each step is applied under a row lock and recorded once,
/// and a handed-over announcement carries an idempotency key for the rare repeat after a crash.
public struct NoticeScheduler: Service {
    let notices: NoticeService
    let handoff: any DeliveryHandoff
    let interval: Duration
    let logger: Logger

    public init(notices: NoticeService, handoff: any DeliveryHandoff, interval: Duration = .seconds(1), logger: Logger) {
        self.notices = notices
        self.handoff = handoff
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.tick()
                try? await Task.sleep(for: self.interval)
            }
        }
    }

    /// One pass: apply due steps, then hand over what is waiting. Failures are logged and retried next pass.
    public func tick() async {
        do {
            for applied in try await notices.runDueSteps() {
                logger.info("notice step", metadata: ["notice": "\(applied.notice)", "step": "\(applied.step.key)", "decision": "\(applied.decision)"])
            }
        } catch {
            logger.error("running notice steps failed; retrying", metadata: ["error": "\(error)"])
        }
        await handOverPending()
    }

    /// Hands over every stored announcement not yet taken by delivery, marking each once taken.
    public func handOverPending() async {
        do {
            for announcement in try await notices.store.claimAnnouncements() {
                try await handoff.handOver(announcement)
                try await notices.store.markHandedOver(announcement.id)
            }
        } catch {
            logger.error("handing announcements to delivery failed; retrying", metadata: ["error": "\(error)"])
        }
    }
}
