import Foundation
import HeraldChannels
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Synchronization
import Testing

/// An SMS the network never delivered, or one never confirmed in time, hands over to a phone call.
@Suite struct ReceiptTests {
    /// Twilio creating messages and calls, as its Messages and Calls resources document.
    static func twilio() -> ProviderStandIn {
        let counter = Mutex(0)
        return ProviderStandIn { seen in
            let n = counter.withLock { $0 += 1; return $0 }
            let prefix = seen.path.hasSuffix("/Calls.json") ? "CA" : "SM"
            return (.created, #"{"sid":"\#(prefix)\#(n)","status":"queued","price":null}"#, [])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aFailedOrUnconfirmedSMSFallsBackToACall(_ engine: TestDatabase) async throws {
        let twilio = Self.twilio()
        try await twilio.serve { base in
            try await NoticeBench.run(engine) { bench in
                let store = bench.store
                for id in ["li", "wang", "zhao"] {
                    _ = try await store.createContact(Contact(
                        id: id, name: id, addresses: [.sms: "+8613800000000", .voice: "+8613800000000"],
                        preferences: [.medium: [.sms]], createdAt: Date()))
                }
                let draft = try await store.createNotice(sampleContent(start: bench.clock.now().addingTimeInterval(3 * 86400), components: ["pay"]), createdBy: "a")
                _ = try await bench.service.publish(id: draft.id, actor: "a", shortNoticeReason: nil)
                await NoticeScheduler(notices: bench.service, handoff: FanOutHandoff(store: store, now: bench.clock.now), logger: TestDatabase.logger).tick()

                let account = TwilioAccount(
                    client: .local, accountSID: "AC1", authToken: "t", from: "+15005550006", statusCallback: "https://herald.example.com/receipts/twilio", baseURL: base)
                let worker = DeliveryWorker(
                    store: store, channels: [TwilioSMSChannel(account), TwilioVoiceChannel(account)],
                    confirmations: ConfirmationTimeouts(within: [.sms: 600, .voice: 300]), now: bench.clock.now, logger: TestDatabase.logger)
                await worker.pass()
                let sent = try await store.deliveries(noticeID: draft.id)
                #expect(sent.map(\.state) == [.sent, .sent, .sent])
                #expect(sent.compactMap(\.providerID).sorted() == ["SM1", "SM2", "SM3"])
                #expect(sent.allSatisfy { $0.confirmBy == $0.sentAt?.addingTimeInterval(600) })

                let receipts = DeliveryReceipts(store: store, logger: TestDatabase.logger)
                let byContact = Dictionary(uniqueKeysWithValues: sent.map { ($0.contactID!, $0) })
                // li's SMS is delivered; wang's is not (Twilio's 30003: unreachable handset); zhao's never reports.
                #expect(try await receipts.apply(channel: .sms, providerID: byContact["li"]!.providerID!, receipt: .twilio(status: "delivered", errorCode: nil)) == .confirmed)
                #expect(try await receipts.apply(channel: .sms, providerID: byContact["wang"]!.providerID!, receipt: .twilio(status: "undelivered", errorCode: "30003")) == .failed(fallbackQueued: true))
                #expect(try await receipts.apply(channel: .sms, providerID: byContact["wang"]!.providerID!, receipt: .twilio(status: "failed", errorCode: "30003")) == .unchanged, "once")
                #expect(try await receipts.apply(channel: .sms, providerID: "SM-unknown", receipt: .twilio(status: "delivered", errorCode: nil)) == nil)

                #expect(await worker.sweepUnconfirmed() == 0, "not yet due")
                bench.clock.advance(by: 601)
                #expect(await worker.sweepUnconfirmed() == 1)
                #expect(await worker.sweepUnconfirmed() == 0, "handed over once")

                let all = try await store.deliveries(noticeID: draft.id)
                let calls = all.filter { $0.channel == .voice }
                #expect(Set(calls.compactMap(\.contactID)) == ["wang", "zhao"])
                let wang = try await store.delivery(id: byContact["wang"]!.id)
                #expect(wang.state == .dead && wang.lastError == "Twilio: undelivered (error 30003)")
                let zhao = try await store.delivery(id: byContact["zhao"]!.id)
                #expect(zhao.state == .sent && zhao.lastError == "not confirmed within 600 s")
                #expect(try await store.deliveryAttempts(deliveryID: zhao.id).map(\.outcome) == ["sent", "unconfirmed"])
                #expect(try await store.delivery(id: byContact["li"]!.id).confirmedAt != nil)

                await worker.pass()
                #expect(twilio.seen.filter { $0.path.hasSuffix("/Calls.json") }.count == 2)
            }
        }
    }
}
