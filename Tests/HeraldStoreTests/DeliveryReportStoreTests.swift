import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// The delivery report per channel on both stores: what became of a period's messages, how fast
/// they were sent and confirmed (nearest-rank p50/p95), the fallbacks they took and their cost.
@Suite struct DeliveryReportStoreTests {
    static func sms(_ index: Int) -> NewDelivery {
        NewDelivery(idempotencyKey: "incident:i1:step-0:p\(index):sms", channel: .sms, address: "+861380000000\(index)", severity: .high, body: "支付网关故障")
    }

    @Test(arguments: TestDatabase.allCases)
    func eachChannelsOutcomesTimesFallbacksAndCost(_ engine: TestDatabase) async throws {
        let clock = TestClock()
        let start = clock.now()
        try await engine.withStore(now: clock.now) { store in
            try await store.enqueue((0..<10).map(Self.sms) + (0..<2).map { index in
                NewDelivery(idempotencyKey: "n:1:p\(index):email", channel: .email, address: "p\(index)@example.com", severity: .low, body: "维护通知")
            })
            let queued = Dictionary(uniqueKeysWithValues: try await store.claimDeliveries(limit: 20).map { ($0.idempotencyKey, $0) })
            func record(_ key: String, _ outcome: SendOutcome, fallback: NewDelivery? = nil, confirm: Bool = false) async throws {
                try await store.recordAttempts([
                    AttemptResult(delivery: queued[key]!, outcome: outcome, latency: .zero, fallback: fallback, confirmWithin: confirm ? 600 : nil)
                ])
            }
            // Four messages sent after 2 s, four after 10 s; one refused for good, its fallback an email; one still waiting.
            clock.advance(by: 2)
            for index in 0..<4 { try await record(Self.sms(index).idempotencyKey, .sent(providerID: "m\(index)", cost: 0.05), confirm: true) }
            clock.advance(by: 8)
            for index in 4..<8 { try await record(Self.sms(index).idempotencyKey, .sent(providerID: "m\(index)", cost: 0.05)) }
            try await record(
                Self.sms(8).idempotencyKey, .permanent(reason: "21211 invalid number"),
                fallback: NewDelivery(
                    idempotencyKey: "incident:i1:step-0:p8:sms:fallback", channel: .email, address: "p8@example.com", severity: .high, body: "支付网关故障",
                    fallbackFrom: queued[Self.sms(8).idempotencyKey]!.id))
            // Two of the first four confirmed by their receipts 15 s after they were queued; one email sent then too.
            clock.advance(by: 5)
            for index in 0..<2 {
                _ = try await store.settle(deliveryID: queued[Self.sms(index).idempotencyKey]!.id, receipt: .confirmed(status: "delivered"), fallback: nil)
            }
            try await record("n:1:p0:email", .sent(providerID: "e0", cost: nil))

            let report = try await store.deliveryReport(from: start.addingTimeInterval(-60), until: clock.now().addingTimeInterval(60))
            #expect(report.map(\.channel) == [.email, .sms])
            let sms = try #require(report.last), email = try #require(report.first)
            #expect((sms.queued, sms.sent, sms.failed, sms.pending, sms.fallbacks) == (10, 8, 1, 1, 0))
            #expect(sms.successRate == 8.0 / 9.0, "sent out of those settled; the waiting one is neither")
            #expect(sms.toSent == LatencyFigures(count: 8, p50: 2, p95: 10), "nearest rank: the 4th and 8th of 8")
            #expect(sms.toConfirmed == LatencyFigures(count: 2, p50: 15, p95: 15))
            #expect(abs(sms.cost - 0.40) < 1e-9, "\(sms.cost)")
            #expect((email.queued, email.sent, email.pending, email.fallbacks) == (3, 1, 2, 1), "the fallback email counts as one")
            #expect(email.successRate == 1 && email.toSent == LatencyFigures(count: 1, p50: 15, p95: 15) && email.toConfirmed.count == 0)

            #expect(try await store.deliveryReport(from: clock.now().addingTimeInterval(60), until: clock.now().addingTimeInterval(3600)).isEmpty,
                    "messages queued before the period are not in it")
        }
    }
}
