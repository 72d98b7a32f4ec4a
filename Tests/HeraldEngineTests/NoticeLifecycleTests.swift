import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct NoticeLifecycleTests {
    @Test(arguments: TestDatabase.allCases)
    func aNoticeGoesFromAnnouncementToRecoveryOnItsOwn(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let start = bench.clock.now().addingTimeInterval(3 * 24 * 3600)
            let draft = try await bench.store.createNotice(sampleContent(start: start), createdBy: "alice")
            let published = try await bench.service.publish(id: draft.id, actor: "alice", shortNoticeReason: nil)
            #expect(published.state == .scheduled)
            await bench.tick(at: bench.clock.now())
            #expect(bench.handedSteps == ["announcement"])

            await bench.tick(at: start.addingTimeInterval(-24 * 3600))
            #expect(bench.handedSteps == ["announcement", "reminder-1440"])
            await bench.tick(at: start.addingTimeInterval(-3600 + 30))
            #expect(bench.handedSteps.last == "reminder-60")
            #expect(bench.handoff.announcements.allSatisfy { !$0.late })

            try await bench.store.setStatus(componentID: "web", to: .degradedPerformance, source: .manual, actor: "bob")
            await bench.tick(at: start)
            #expect(bench.handedSteps.last == "start")
            #expect(try await bench.store.notice(id: draft.id).state == .inProgress)
            #expect(try await bench.store.component(id: "pay").status == .underMaintenance)
            #expect(try await bench.store.statusChanges(componentID: "pay").first?.source == .maintenance)

            await bench.tick(at: start.addingTimeInterval(2 * 3600))
            #expect(bench.handedSteps == ["announcement", "reminder-1440", "reminder-60", "start", "completion"])
            let done = try await bench.store.notice(id: draft.id)
            #expect(done.state == .completed)
            #expect(done.actualStart == start && done.actualEnd == start.addingTimeInterval(2 * 3600))
            // Each component returns to the status it had before the maintenance.
            #expect(try await bench.store.component(id: "pay").status == .operational)
            #expect(try await bench.store.component(id: "web").status == .degradedPerformance)

            let recovery = try #require(bench.handoff.announcements.last)
            #expect(recovery.messages[.email, .zhCN]?.subject?.contains("系统已恢复") == true)
            #expect(recovery.messages[.email, .en]?.subject?.contains("Service restored") == true)
            #expect(recovery.messages[.email, .zhCN]?.text.contains("如支付失败请重新下单") == true)
            #expect(recovery.idempotencyKey == "notice:\(draft.id):completion")

            await bench.tick(at: start.addingTimeInterval(5 * 3600))
            #expect(bench.handoff.announcements.count == 5)
            let kinds = try await bench.store.noticeEvents(noticeID: draft.id).map(\.kind)
            #expect(kinds == ["created", "announcement_sent", "reminder_sent", "reminder_sent", "start_sent", "completion_sent"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aRestartNeitherSkipsNorRepeatsAStep(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let start = bench.clock.now().addingTimeInterval(2 * 24 * 3600)
            let draft = try await bench.store.createNotice(sampleContent(start: start), createdBy: "alice")
            _ = try await bench.service.publish(id: draft.id, actor: "alice", shortNoticeReason: nil)
            // Delivery crashes before confirming the announcement: it stays stored and is handed over again.
            bench.handoff.failNext(1)
            await bench.tick(at: bench.clock.now())
            #expect(bench.handedSteps.isEmpty)
            #expect(try await bench.store.pendingAnnouncements().count == 1)

            try await bench.restarted { again in
                await again.tick(at: start.addingTimeInterval(-24 * 3600))
                #expect(again.handedSteps == ["announcement", "reminder-1440"])
                await again.tick(at: start.addingTimeInterval(-3600))
                // Two nodes (or a restart racing the old process) run the same pass: no step twice.
                async let first: Void = again.tick(at: start)
                async let second: Void = bench.tick(at: start)
                _ = await (first, second)
            }
            try await bench.restarted { again in
                await again.tick(at: start.addingTimeInterval(3 * 3600))
                let steps = try await again.store.announcements(noticeID: draft.id).map(\.step.key)
                #expect(steps == ["announcement", "reminder-1440", "reminder-60", "start", "completion"])
                #expect(Set(again.handedSteps).count == again.handedSteps.count)
                #expect(try await again.store.pendingAnnouncements().isEmpty)
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func stepsMissedWhileHeraldWasDownAreSentLateOrSkipped(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let start = bench.clock.now().addingTimeInterval(2 * 24 * 3600)
            let draft = try await bench.store.createNotice(sampleContent(start: start), createdBy: "alice")
            _ = try await bench.service.publish(id: draft.id, actor: "alice", shortNoticeReason: nil)
            let second = try await bench.store.createNotice(sampleContent(start: start.addingTimeInterval(86400)), createdBy: "alice")
            _ = try await bench.service.publish(id: second.id, actor: "alice", shortNoticeReason: nil)
            await bench.tick(at: start.addingTimeInterval(-20 * 3600))  // the 24 h reminder, 4 h late
            // Down from before the 1 h reminder until 30 minutes into the window.
            await bench.tick(at: start.addingTimeInterval(1800))
            let steps = try await bench.store.noticeSteps(noticeID: draft.id)
            #expect(steps["reminder-1440"] == .send(late: true))
            #expect(steps["reminder-60"] == .skip(reason: "the downtime had already started"))
            #expect(steps["start"] == .send(late: true))
            #expect(bench.handoff.announcements.first { $0.step == .start }?.messages[.email, .zhCN]?.subject?.contains("（补发）") == true)

            // Down across the whole second window: no "started" message after the fact, but recovery is announced.
            await bench.tick(at: start.addingTimeInterval(86400 + 3 * 3600))
            let secondSteps = try await bench.store.noticeSteps(noticeID: second.id)
            #expect(secondSteps["start"] == .skip(reason: "the downtime window had already ended"))
            #expect(secondSteps["completion"] == .send(late: true))
            #expect(try await bench.store.notice(id: second.id).state == .completed)
            #expect(try await bench.store.notice(id: draft.id).state == .completed)
            #expect(try await bench.store.component(id: "pay").status == .operational)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func publishingTwiceAnnouncesOnce(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let draft = try await bench.store.createNotice(
                sampleContent(start: bench.clock.now().addingTimeInterval(3 * 86400)), createdBy: "alice")
            async let first = bench.service.publish(id: draft.id, actor: "alice", shortNoticeReason: nil)
            async let second = bench.service.publish(id: draft.id, actor: "bob", shortNoticeReason: nil)
            _ = try await (first, second)
            _ = try await bench.service.publish(id: draft.id, actor: "alice", shortNoticeReason: nil)
            #expect(try await bench.store.announcements(noticeID: draft.id).map(\.step.key) == ["announcement"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func shortNoticeNeedsAReasonAndErrorsRefusePublishing(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let soon = try await bench.store.createNotice(
                sampleContent(start: bench.clock.now().addingTimeInterval(6 * 3600)), createdBy: "alice")
            await #expect(throws: NoticeRefused.self) {
                try await bench.service.publish(id: soon.id, actor: "alice", shortNoticeReason: nil)
            }
            do {
                _ = try await bench.service.publish(id: soon.id, actor: "alice", shortNoticeReason: "  ")
            } catch let refused as NoticeRefused {
                #expect(refused.report.errors.map(\.field) == ["short_notice_reason"])
            }
            let published = try await bench.service.publish(id: soon.id, actor: "alice", shortNoticeReason: "安全漏洞紧急修复")
            #expect(published.state == .scheduled)
            #expect(published.shortNoticeReason == "安全漏洞紧急修复")
            // Its 24 h reminder's time had passed at publication, so it is skipped, not sent at once.
            await bench.tick(at: bench.clock.now())
            #expect(try await bench.store.noticeSteps(noticeID: soon.id)["reminder-1440"] == .skip(reason: "its time had passed when the notice was published"))

            let unknown = try await bench.store.createNotice(
                sampleContent(start: bench.clock.now().addingTimeInterval(3 * 86400), components: ["pay", "ghost"]), createdBy: "alice")
            do {
                _ = try await bench.service.publish(id: unknown.id, actor: "alice", shortNoticeReason: nil)
                Issue.record("publishing with an unknown component must be refused")
            } catch let refused as NoticeRefused {
                #expect(refused.report.errors.map(\.field) == ["components[1]"])
            }
            #expect(try await bench.store.notice(id: unknown.id).state == .draft)
            #expect(try await bench.store.announcements(noticeID: unknown.id).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anExtensionIsAnnouncedAtOnceAndMovesTheAutomaticEnd(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let start = bench.clock.now().addingTimeInterval(2 * 86400)
            let draft = try await bench.store.createNotice(sampleContent(start: start), createdBy: "alice")
            _ = try await bench.service.publish(id: draft.id, actor: "alice", shortNoticeReason: nil)
            await bench.tick(at: start.addingTimeInterval(600))
            let newEnd = start.addingTimeInterval(4 * 3600)
            let extended = try await bench.service.extend(id: draft.id, until: newEnd, actor: "alice")
            #expect(extended.content.plannedEnd == newEnd)
            #expect(extended.extensions == 1)
            await #expect(throws: StoreError.self) {
                try await bench.service.extend(id: draft.id, until: start.addingTimeInterval(3600), actor: "alice")
            }
            await bench.tick(at: start.addingTimeInterval(2 * 3600 + 60))
            #expect(try await bench.store.notice(id: draft.id).state == .inProgress, "the old end no longer completes it")
            let extensionNotice = try #require(bench.handoff.announcements.first { $0.step == .extended(number: 1) })
            #expect(extensionNotice.messages[.sms, .zhCN]?.text.contains("维护延长至") == true)
            await bench.tick(at: newEnd)
            #expect(try await bench.store.notice(id: draft.id).state == .completed)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func cancellingRestoresComponentsAndEndsTheSchedule(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let start = bench.clock.now().addingTimeInterval(2 * 86400)
            let draft = try await bench.store.createNotice(sampleContent(start: start), createdBy: "alice")
            _ = try await bench.service.publish(id: draft.id, actor: "alice", shortNoticeReason: nil)
            await bench.tick(at: start.addingTimeInterval(60))
            #expect(try await bench.store.component(id: "pay").status == .underMaintenance)
            let cancelled = try await bench.service.cancel(id: draft.id, reason: "上游变更推迟", actor: "alice")
            #expect(cancelled.state == .cancelled)
            #expect(try await bench.store.component(id: "pay").status == .operational)
            await bench.tick(at: start.addingTimeInterval(5 * 3600))
            let steps = try await bench.store.announcements(noticeID: draft.id).map(\.step.key)
            #expect(steps.last == "cancellation")
            #expect(!steps.contains("completion"))
            await #expect(throws: StoreError.self) { try await bench.service.complete(id: draft.id, actor: "alice") }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aTestSendReachesOnlyTheTestAudienceAndChangesNothing(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let draft = try await bench.store.createNotice(
                sampleContent(start: bench.clock.now().addingTimeInterval(3 * 86400)), createdBy: "alice")
            let sent = try await bench.service.testSend(id: draft.id, audience: "operators", actor: "alice")
            #expect(sent.audience == .test("operators"))
            #expect(sent.messages[.email, .zhCN]?.subject?.hasPrefix("[测试]") == true)
            let again = try await bench.service.testSend(id: draft.id, audience: "operators", actor: "alice")
            #expect(again.idempotencyKey != sent.idempotencyKey)
            await #expect(throws: StoreError.self) {
                try await bench.service.testSend(id: draft.id, audience: "everyone", actor: "alice")
            }
            #expect(try await bench.store.notice(id: draft.id).state == .draft)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func overlappingWindowsRestoreAComponentOnlyWhenTheLastEnds(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            let start = bench.clock.now().addingTimeInterval(2 * 86400)
            try await bench.store.setStatus(componentID: "pay", to: .degradedPerformance, source: .manual, actor: "bob")
            let long = try await bench.store.createNotice(sampleContent(start: start, hours: 4, components: ["pay"]), createdBy: "a")
            let short = try await bench.store.createNotice(
                sampleContent(start: start.addingTimeInterval(3600), hours: 1, components: ["pay"]), createdBy: "a")
            _ = try await bench.service.publish(id: long.id, actor: "a", shortNoticeReason: nil)
            _ = try await bench.service.publish(id: short.id, actor: "a", shortNoticeReason: nil)
            await bench.tick(at: start)
            await bench.tick(at: start.addingTimeInterval(3600))
            await bench.tick(at: start.addingTimeInterval(2 * 3600))
            #expect(try await bench.store.notice(id: short.id).state == .completed)
            #expect(try await bench.store.component(id: "pay").status == .underMaintenance, "the long window is still on")
            await bench.tick(at: start.addingTimeInterval(4 * 3600))
            #expect(try await bench.store.component(id: "pay").status == .degradedPerformance, "as it was before either window")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func oneAnnouncementThatFailsToHandOverDoesNotHoldBackTheOthers(_ engine: TestDatabase) async throws {
        try await NoticeBench.run(engine) { bench in
            for day in 3...4 {
                let draft = try await bench.store.createNotice(
                    sampleContent(start: bench.clock.now().addingTimeInterval(Double(day) * 86400)), createdBy: "a")
                _ = try await bench.service.publish(id: draft.id, actor: "a", shortNoticeReason: nil)
            }
            bench.handoff.failNext(1)
            await bench.tick(at: bench.clock.now())
            #expect(bench.handedSteps == ["announcement"], "the second is handed over in the same pass")
            await bench.tick(at: bench.clock.now().addingTimeInterval(61))
            #expect(bench.handedSteps == ["announcement", "announcement"], "the failed one again after its lease")
        }
    }
}
