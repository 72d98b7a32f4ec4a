import Foundation
import HeraldChannels
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct BudgetTests {
    /// Twilio accepting every message, as its Messages resource documents (201 with the new sid).
    static func twilio() -> ProviderStandIn { ProviderStandIn { seen in
        let sid = "SM" + String(seen.body.hashValue.magnitude)
        return (.created, #"{"sid":"\#(sid)","status":"queued","price":null,"price_unit":"USD"}"#, [])
    } }

    func sms(_ key: String, _ severity: Severity) -> NewDelivery {
        NewDelivery(idempotencyKey: key, channel: .sms, address: "+8613800000000", severity: severity, body: "支付系统维护已开始")
    }

    @Test(arguments: TestDatabase.allCases)
    func everySentMessageIsCostedAndTheBudgetStopsAllButHighSeverity(_ engine: TestDatabase) async throws {
        let twilio = Self.twilio()
        try await twilio.serve { base in
            try await NoticeBench.run(engine) { bench in
                let store = bench.store
                let costs = CostPolicy(currency: "CNY", perMessage: [.sms: 0.05], monthlyBudgets: [.sms: 0.1])
                let channel = TwilioSMSChannel(TwilioAccount(client: .local, accountSID: "AC1", authToken: "t", from: "+15005550006", baseURL: base))
                let worker = DeliveryWorker(
                    store: store, channels: [channel], costs: costs, batchSize: 1, concurrency: 1, now: bench.clock.now,
                    logger: TestDatabase.logger)
                _ = try await store.enqueue([sms("a", .medium), sms("b", .medium), sms("c", .low)])
                for _ in 0..<3 { await worker.pass() }
                _ = try await store.enqueue([sms("d", .high)])
                await worker.pass()

                let deliveries = try await [1, 2, 3, 4].asyncMap { try await store.delivery(id: $0) }
                #expect(deliveries.map(\.state) == [.sent, .sent, .dead, .sent])
                #expect(deliveries[2].lastError == "the monthly sms budget of 0.1 CNY is used up (0.1 spent); only high severity is sent over it")
                let spending = try await store.spending(since: costs.monthStart(containing: bench.clock.now()))
                #expect(spending[.sms]?.sent == 3)
                #expect(abs((spending[.sms]?.cost ?? 0) - 0.15) < 1e-9)
                let attempts = try await store.deliveryAttempts(deliveryID: 1)
                #expect(attempts.map(\.cost) == [0.05])
            }
        }
        #expect(twilio.seen.count == 3, "the refused message never reached the provider")
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
