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
    let recorder: any WorkRecorder
    let logger: Logger

    public init(
        notices: NoticeService, handoff: any DeliveryHandoff, interval: Duration = .seconds(1), recorder: any WorkRecorder = NoWorkRecorder(),
        logger: Logger
    ) {
        self.notices = notices
        self.recorder = recorder
        self.handoff = handoff
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        // There is no leader election: every node runs its scheduler, and the row locks keep steps once.
        recorder.schedulerRunning(true)
        defer { recorder.schedulerRunning(false) }
        await PeriodicPass.run(every: interval, after: { [store = notices.store] in await store.waitForSchema() }) { await self.tick() }
    }

    /// One pass: apply due steps, then hand over what is waiting. Failures are logged and retried next pass.
    public func tick() async {
        do {
            for applied in try await notices.runDueSteps() {
                logger.info("notice step", metadata: ["notice": "\(applied.notice)", "step": "\(applied.step.key)", "decision": "\(applied.decision)"])
                recorder.noticeStep(applied.step, decision: applied.decision)
            }
        } catch where error is CancellationError || Task.isCancelled {
            return  // Shutting down: a query cut short is not a failure.
        } catch {
            logger.error("running notice steps failed; retrying", metadata: ["error": "\(error)"])
        }
        await handOverPending()
        recorder.schedulerTicked()
    }

    /// Hands over every stored announcement not yet taken by delivery, marking each once taken.
    /// One that fails keeps its claim until the lease ends and is tried again then; the others go on.
    public func handOverPending() async {
        let claimed: [Announcement]
        do {
            claimed = try await notices.store.claimAnnouncements()
        } catch where error is CancellationError || Task.isCancelled {
            return
        } catch {
            logger.error("claiming announcements failed; retrying", metadata: ["error": "\(error)"])
            return
        }
        for announcement in claimed {
            do {
                try await handoff.handOver(announcement)
                try await notices.store.markHandedOver(announcement.id)
            } catch where error is CancellationError || Task.isCancelled {
                return  // Its claim lapses and the next start hands it over.
            } catch {
                logger.error(
                    "handing an announcement to delivery failed; retrying after its lease",
                    metadata: ["announcement": "\(announcement.idempotencyKey)", "error": "\(error)"])
            }
        }
    }
}
