import Foundation
import HeraldApp
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

/// The config's backup schedule on both stores, with two nodes sharing the database: one backup per
/// interval whichever node makes it, the retention, and a failure paged to the team until the next
/// backup succeeds.
@Suite struct ScheduledBackupTests {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    @Test(arguments: TestDatabase.allCases)
    func eachIntervalGetsOneBackupAndAFailureIsPagedUntilTheNextSucceeds(_ engine: TestDatabase) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-scheduled-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = TestClock(Date())
        try await engine.withStore(now: clock.now) { store in
            let now = clock.now()
            _ = try await store.createContact(Contact(id: "li", name: "李雷", addresses: [.sms: "+8613800000001"], createdAt: now))
            _ = try await store.createSchedule(OnCallSchedule(
                id: "primary", name: "一线", timeZone: "Asia/Shanghai", members: ["li"], start: now.addingTimeInterval(-3600), rotationDays: 7))
            _ = try await store.saveTeam(Team(
                id: "sre", name: "SRE", escalation: EscalationPolicy(steps: [EscalationStep(target: .schedule("primary"), waitMinutes: 5)])))
            let pipeline = AlertPipeline(store: store, logger: TestDatabase.logger, now: clock.now)
            let heartbeats = HeartbeatService(store: store, pipeline: pipeline, language: .zhCN, zone: Self.zone, logger: TestDatabase.logger)
            let schedule = BackupSchedule(every: 3600, directory: directory.appendingPathComponent("backups").path, keep: 2, teamID: "sre")
            func node(_ name: String, _ schedule: BackupSchedule) -> ScheduledBackups {
                ScheduledBackups(schedule: schedule, store: store, heartbeats: heartbeats, node: name, zone: Self.zone, logger: TestDatabase.logger, now: clock.now)
            }
            let a = node("a", schedule), b = node("b", schedule)

            guard case .backedUp(let first, let deleted) = await a.pass() else { Issue.record("the first look backs up at once"); return }
            #expect(deleted.isEmpty)
            #expect(await b.pass() == .notDue, "the other node finds it made")
            #expect(try BackupDirectory(path: first).manifest.tables["contacts"] == 1)
            clock.advance(by: 3599)
            #expect(await a.pass() == .notDue)

            clock.advance(by: 1)
            guard case .backedUp(let second, _) = await b.pass() else { Issue.record("an hour later either node backs up"); return }
            #expect(await a.pass() == .notDue)
            clock.advance(by: 3600)
            guard case .backedUp(let third, let expired) = await a.pass() else { Issue.record("and again"); return }
            #expect(expired == [URL(fileURLWithPath: first).lastPathComponent], "keep: 2 deletes the oldest")
            let kept = try FileManager.default.contentsOfDirectory(atPath: schedule.directory).sorted()
            #expect(kept == [second, third].map { URL(fileURLWithPath: $0).lastPathComponent })
            #expect(try await store.incidents().isEmpty)

            // The disk the backups go to is gone (a file stands where the directory should be).
            try Data().write(to: directory.appendingPathComponent("gone"))
            var broken = schedule
            broken.directory = directory.appendingPathComponent("gone/backups").path
            clock.advance(by: 3600)
            guard case .failed = await node("a", broken).pass() else { Issue.record("the backup fails"); return }
            let incident = try #require(try await store.incidents().first)
            #expect(incident.teamID == "sre" && incident.severity == .high && incident.status != .resolved)
            let pages = try await store.claimDeliveries(limit: 100).filter { $0.idempotencyKey.hasPrefix("incident:") }
            #expect(!pages.isEmpty && pages.allSatisfy { $0.contactID == "li" }, "the on-call responder is paged")
            let failure = try #require(try await store.jobRecord(ScheduledBackups.job))
            #expect(abs((failure.lastFailureAt ?? .distantPast).timeIntervalSince(clock.now())) < 0.001, "stored to the millisecond")
            #expect(failure.lastError == "cannot write \(broken.directory): Not a directory", "\(failure)")
            #expect(await b.pass() == .leasedElsewhere, "a failed try holds the job for its lease, on every node")

            clock.advance(by: schedule.lease)
            guard case .backedUp = await b.pass() else { Issue.record("the next try succeeds"); return }
            #expect(try await store.incident(id: incident.id).status == .resolved, "and resolves the incident")

            let gauges = await WorkGauges.read(store: store, metrics: HeraldMetrics(node: "a"))
            #expect(gauges.exposition().contains("herald_backup_last_success_age_seconds 0\n"))
            #expect(gauges.exposition().contains(
                "herald_backup_last_success_timestamp_seconds \(Int(clock.now().timeIntervalSince1970.rounded()))\n"))
        }
    }

    @Test func theConfigNamesEveryWrongValueOfTheBackupsSection() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("herald-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "backups: {every_hours: 0, keep: 0, max_age_days: -1, verify: sometimes, colour: red}\n".write(to: file, atomically: true, encoding: .utf8)
        #expect {
            try HeraldConfiguration.load(file: file.path)
        } throws: { error in
            let text = "\(error)"
            return ["backups.every_hours", "backups.keep", "backups.max_age_days", "backups.verify", "backups.colour"].allSatisfy(text.contains)
        }
        try "backups: {every_hours: 6, directory: /srv/herald-backups, keep: 4}\n".write(to: file, atomically: true, encoding: .utf8)
        let schedule = try #require(try HeraldConfiguration.load(file: file.path).backups)
        #expect(schedule == BackupSchedule(every: 6 * 3600, directory: "/srv/herald-backups", keep: 4))
    }
}
