import Foundation
import HeraldChannels
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct FallbackTests {
    @Test(arguments: TestDatabase.allCases)
    func aMessageThatFailsOnIMFallsBackToSMSThenVoiceRenderedForEach(_ engine: TestDatabase) async throws {
        // The robot's keyword check refuses the message for good (errcode 310000).
        let robot = ProviderStandIn { _ in (.ok, #"{"errcode":310000,"errmsg":"keywords not in content"}"#, []) }
        try await robot.serve { base in
            try await NoticeBench.run(engine) { bench in
                let store = bench.store
                _ = try await store.createContact(Contact(
                    id: "zhao", name: "赵磊", addresses: [.dingtalk: "zhao01", .sms: "+8613900000000", .voice: "+8613900000000"],
                    preferences: [.medium: [.dingtalk]], createdAt: Date()))
                let draft = try await store.createNotice(sampleContent(start: bench.clock.now().addingTimeInterval(3 * 86400), components: ["pay"]), createdBy: "a")
                _ = try await bench.service.publish(id: draft.id, actor: "a", shortNoticeReason: nil)
                let scheduler = NoticeScheduler(notices: bench.service, handoff: FanOutHandoff(store: store, now: bench.clock.now), logger: TestDatabase.logger)
                await scheduler.tick()

                // No SMS or voice provider is configured here, so those fail for good too: the whole chain is walked.
                let worker = DeliveryWorker(
                    store: store, channels: [DingTalkChannel(RobotEndpoint(client: .local, webhookURL: "\(base)/robot/send?access_token=T", secret: "SECx"))],
                    now: bench.clock.now, logger: TestDatabase.logger)
                for _ in 0..<3 { await worker.pass() }

                let chain = try await store.deliveries(noticeID: draft.id)
                #expect(chain.map(\.channel) == [.dingtalk, .sms, .voice])
                #expect(chain.allSatisfy { $0.state == .dead })
                #expect(chain[1].fallbackFrom == chain[0].id && chain[2].fallbackFrom == chain[1].id)
                #expect(chain[0].lastError == "errcode 310000: keywords not in content")
                #expect(chain[1].body.hasPrefix("【示例公司运维部】支付网关将于"), "the SMS fallback carries the SMS rendering")
                #expect(chain[1].idempotencyKey == chain[0].idempotencyKey + ":fallback:sms")
                #expect(chain.allSatisfy { $0.contactID == "zhao" })
            }
        }
        #expect(robot.seen.count == 1)
    }

    @Test(arguments: TestDatabase.allCases)
    func aFallbackThatCannotBePreparedStillRecordsTheFailure(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let draft = try await bench.store.createNotice(
                sampleContent(start: bench.clock.now().addingTimeInterval(3 * 86400)), createdBy: "a")
            _ = try await bench.service.publish(id: draft.id, actor: "a", shortNoticeReason: nil)
            let announcement = try #require(try await bench.store.announcements(noticeID: draft.id).first)
            // Its contact is unknown, so no fallback can be planned.
            try await bench.store.enqueue([NewDelivery(
                idempotencyKey: "orphan", channel: .dingtalk, address: "x", severity: .medium, body: "b",
                announcementID: announcement.id, contactID: "ghost")])
            let worker = DeliveryWorker(store: bench.store, channels: [], now: bench.clock.now, logger: TestDatabase.logger)
            #expect(await worker.pass() == 1)
            let delivery = try await bench.store.delivery(id: 1)
            #expect(delivery.state == .dead)
            #expect(delivery.attempts == 1)
        }
    }
}
