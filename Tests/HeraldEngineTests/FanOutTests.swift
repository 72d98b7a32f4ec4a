import Foundation
import HeraldChannels
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct FanOutTests {
    static func contact(_ id: String, language: Language, addresses: [ChannelKind: String], subscriptions: [String] = [],
                        groups: [String] = [], consent: Consent = .granted) -> Contact {
        Contact(id: id, name: id, language: language, groups: groups, addresses: addresses, subscriptions: subscriptions,
                consent: consent, createdAt: Date())
    }

    @Test(arguments: TestDatabase.allCases)
    func aPublishedNoticeReachesFollowersOnTheirChannelsInTheirLanguageOnce(_ engine: TestDatabase) async throws {
        let receiver = WebhookReceiver(secret: "k")
        try await receiver.serve { url in
            try await NoticeBench.run(engine) { bench in
                let store = bench.store
                _ = try await store.createContact(Self.contact("wang", language: .zhCN, addresses: [.email: "wang@example.com", .dingtalk: "wang"], subscriptions: ["pay"]))
                _ = try await store.createContact(Self.contact("smith", language: .en, addresses: [.webhook: url], subscriptions: []))
                _ = try await store.createContact(Self.contact("web-only", language: .zhCN, addresses: [.email: "w@example.com"], subscriptions: ["web-admin"]))
                _ = try await store.createContact(Self.contact("left", language: .zhCN, addresses: [.email: "l@example.com"], consent: .withdrawn))
                _ = try await store.createContact(Self.contact("ops", language: .zhCN, addresses: [.email: "ops@example.com"], subscriptions: ["none"], groups: ["operators"]))

                let fanOut = FanOutHandoff(store: store, publicURL: "https://status.example.com/", now: bench.clock.now)
                let scheduler = NoticeScheduler(notices: bench.service, handoff: fanOut, logger: TestDatabase.logger)
                let draft = try await store.createNotice(sampleContent(start: bench.clock.now().addingTimeInterval(3 * 86400), components: ["pay"]), createdBy: "a")
                _ = try await bench.service.testSend(id: draft.id, audience: "operators", actor: "a")
                _ = try await bench.service.publish(id: draft.id, actor: "a", shortNoticeReason: nil)
                await scheduler.tick()

                let queued = try await store.deliveries(noticeID: draft.id)
                let byKey = Dictionary(uniqueKeysWithValues: queued.map { ($0.idempotencyKey, $0) })
                let prefix = "notice:\(draft.id)"
                #expect(Set(byKey.keys) == [
                    "\(prefix):test-1:ops:email",
                    "\(prefix):announcement:wang:dingtalk", "\(prefix):announcement:wang:email",
                    "\(prefix):announcement:smith:webhook",
                ])
                let email = try #require(byKey["\(prefix):announcement:wang:email"])
                #expect(email.subject == "【停机维护通知】支付系统升级维护")
                #expect(email.html?.contains("<h1") == true)
                #expect(email.body.contains("维护原因"))
                let token = try #require(try await store.contact(id: "wang").unsubscribeToken)
                #expect(email.unsubscribeURL == "https://status.example.com/unsubscribe/\(token)")
                #expect(byKey["\(prefix):announcement:wang:dingtalk"]?.unsubscribeURL == nil, "the header is for email")
                #expect(byKey["\(prefix):announcement:wang:dingtalk"]?.body.hasPrefix("### 停机维护通知") == true)
                #expect(byKey["\(prefix):announcement:smith:webhook"]?.body.contains(#""language":"en""#) == true)

                // Handed over again (a crash before it was marked): nothing new is queued.
                let announcement = try #require(try await store.announcements(noticeID: draft.id).first { $0.step == .announcement })
                try await fanOut.handOver(announcement)
                #expect(try await store.deliveryCounts().values.reduce(0) { $0 + $1.values.reduce(0, +) } == 4)

                let worker = DeliveryWorker(store: store, channels: [WebhookChannel(client: .local, secret: "k"), LogChannel(logger: TestDatabase.logger)], logger: TestDatabase.logger)
                await worker.pass()
                let counts = try await store.deliveryCounts()
                #expect(counts[.webhook]?[.sent] == 1)
                #expect(counts[.email]?[.dead] == 2, "no email channel is configured yet: dead letters, not silence")
            }
        }
        #expect(receiver.received.count == 1)
        #expect(receiver.received.first?.signatureValid == true)
    }
}
