import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Synchronization

/// A notice an operations team would write: both languages, two components, a two-hour window.
func sampleContent(start: Date, hours: Double = 2, components: [String] = ["pay", "web"]) -> NoticeContent {
    NoticeContent(
        title: LocalizedText(zhCN: "支付系统升级维护", en: "Payment system upgrade"),
        reason: LocalizedText(zhCN: "升级支付系统以提升稳定性", en: "We are upgrading the payment system to make it more reliable."),
        impact: LocalizedText(zhCN: "维护期间无法在线支付，可浏览商品", en: "You cannot pay online during the maintenance; browsing still works."),
        precautions: LocalizedText(zhCN: "请提前完成重要订单的支付", en: "Please pay for important orders beforehand."),
        followUp: LocalizedText(zhCN: "如支付失败请重新下单", en: "If a payment failed, please place the order again."),
        signature: LocalizedText(zhCN: "示例公司运维部", en: "Example Ltd. Operations"),
        contact: NoticeContact(name: "张伟", phone: "+86 10 8888 6666", email: "ops@example.com"),
        components: components, severity: .medium, timeZone: "Asia/Shanghai",
        plannedStart: start, plannedEnd: start.addingTimeInterval(hours * 3600))
}

/// A delivery hand-off that keeps what it was given, and can be told to fail, as a crashing engine would.
final class RecordingHandoff: DeliveryHandoff {
    private let received = Mutex<[Announcement]>([])
    private let failuresLeft = Mutex(0)

    var announcements: [Announcement] { received.withLock { $0 } }
    func failNext(_ count: Int) { failuresLeft.withLock { $0 = count } }

    func handOver(_ announcement: Announcement) async throws {
        let fail = failuresLeft.withLock { left -> Bool in
            guard left > 0 else { return false }
            left -= 1
            return true
        }
        if fail { throw HandoffFailed() }
        received.withLock { $0.append(announcement) }
    }
}

struct HandoffFailed: Error {}

/// A store with the catalogue the samples name, a notice service on a hand-moved clock, and a scheduler.
struct NoticeBench: Sendable {
    let store: Store
    let clock: TestClock
    let service: NoticeService
    let scheduler: NoticeScheduler
    let handoff: RecordingHandoff

    static func run(_ engine: TestDatabase, _ body: @escaping @Sendable (NoticeBench) async throws -> Void) async throws {
        let clock = TestClock()
        try await engine.withEmptyDatabase { location in
            let handoff = RecordingHandoff()
            try await Store.withStore(location, logger: TestDatabase.logger, now: clock.now) { store in
                try await store.migrate()
                _ = try await store.createComponent(ComponentSpec(id: "pay", name: "支付网关"))
                _ = try await store.createComponent(ComponentSpec(id: "web", name: "官方网站"))
                try await body(NoticeBench.make(store: store, clock: clock, handoff: handoff))
            }
        }
    }

    /// The same database opened again, as after a restart.
    func restarted(_ body: @escaping @Sendable (NoticeBench) async throws -> Void) async throws {
        try await Store.withStore(store.location, logger: TestDatabase.logger, now: clock.now) { store in
            try await body(NoticeBench.make(store: store, clock: clock, handoff: handoff))
        }
    }

    static func make(store: Store, clock: TestClock, handoff: RecordingHandoff) throws -> NoticeBench {
        let service = NoticeService(store: store, templates: try NoticeTemplates.load(), now: clock.now)
        return NoticeBench(
            store: store, clock: clock, service: service,
            scheduler: NoticeScheduler(notices: service, handoff: handoff, logger: TestDatabase.logger), handoff: handoff)
    }

    /// Moves the clock to `date` and runs one scheduler pass.
    func tick(at date: Date) async {
        clock.advance(by: date.timeIntervalSince(clock.now()))
        await scheduler.tick()
    }

    var handedSteps: [String] { handoff.announcements.map(\.step.key) }
}
