import Foundation
import HeraldCore
@testable import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct MigrationTests {
    @Test(arguments: TestDatabase.allCases)
    func migratingTwiceAppliesNothingTheSecondTime(_ engine: TestDatabase) async throws {
        try await engine.withEmptyDatabase { location in
            try await Store.withStore(location, logger: TestDatabase.logger) { store in
                #expect(try await store.schemaVersion() == 0)
                let first = try await store.migrate()
                #expect(first == Array(1...Store.latestSchemaVersion))
                let second = try await store.migrate()
                #expect(second.isEmpty)
                #expect(try await store.schemaVersion() == Store.latestSchemaVersion)
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func twoNodesMigratingAtOnceBothSucceed(_ engine: TestDatabase) async throws {
        try await engine.withEmptyDatabase { location in
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await Store.withStore(location, logger: TestDatabase.logger) { try await $0.migrate() }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            #expect(applied.sorted() == Array(1...Store.latestSchemaVersion))
        }
    }
}

@Suite struct DeliveryContentMigrationTests {
    /// Version 6 moved delivery texts to their own table; deliveries queued before it keep their text.
    @Test(arguments: TestDatabase.allCases)
    func deliveriesQueuedBeforeTheTextsMovedKeepTheirText(_ engine: TestDatabase) async throws {
        try await engine.withEmptyDatabase { location in
            try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.migrate(through: 5)
                try await store.transaction { database in
                    try await database.raw("""
                        INSERT INTO deliveries (idempotency_key, channel, address, severity, priority, subject, body, html, state,
                            next_attempt_at, created_at)
                        VALUES ('old', 'email', 'li@example.com', 'medium', 1, '停机通知', '正文', '<p>正文</p>', 'pending', 0, 0)
                        """).run()
                }
                #expect(try await store.migrate() == Array(6...Store.latestSchemaVersion))
                let old = try #require(try await store.claimDeliveries(limit: 10).first)
                #expect(old.subject == "停机通知" && old.body == "正文" && old.html == "<p>正文</p>")
                // New deliveries with the same text share one stored copy.
                try await store.enqueue((1...3).map {
                    NewDelivery(idempotencyKey: "new\($0)", channel: .webhook, address: "https://example.com/\($0)", severity: .low, body: "{}")
                })
                let contents = try await store.read { database in
                    try await database.raw("SELECT COUNT(*) AS n FROM delivery_contents").first()!.decode(column: "n", as: Int.self)
                }
                #expect(contents == 2)
            }
        }
    }
}

@Suite struct StaleAlertMigrationTests {
    /// Version 18: an alert left open under an incident resolved by hand before resolving settled its
    /// alerts would swallow its next firing; the migration settles it, and the firing opens a new incident.
    @Test(arguments: TestDatabase.allCases)
    func alertsOfIncidentsResolvedEarlierAreSettled(_ engine: TestDatabase) async throws {
        try await engine.withEmptyDatabase { location in
            try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.migrate(through: 17)
                let integration = try await store.createIntegration(name: "probe", kind: .generic, grouping: Grouping(), notifyGroup: nil).integration
                let firing = IncomingAlert(action: .trigger, dedupKey: "k", summary: "磁盘将满", labels: ["alertname": "Disk"], occurredAt: store.now())
                let first = try #require(try await store.ingest(firing, integration: integration, severity: .high).incidentID)
                let other = try #require(try await store.ingest(
                    IncomingAlert(action: .trigger, dedupKey: "o", summary: "仍在", labels: ["alertname": "Other"], occurredAt: store.now()),
                    integration: integration, severity: .high).incidentID)
                // As the old code resolved by hand: the incident only, its alert left triggered.
                try await store.transaction { database in
                    try await database.raw("UPDATE incidents SET status = 'resolved', resolved_at = 5 WHERE id = \(bind: first)").run()
                }
                #expect(try await store.migrate(through: 18) == [18])
                let settled = try #require(try await store.alerts(incidentID: first).first)
                #expect(settled.status == .resolved && settled.resolvedAt == Date(timeIntervalSince1970: 0.005))
                #expect(try await store.alerts(incidentID: other).first?.status == .triggered, "open incidents keep their alerts")
                let again = try await store.ingest(firing, integration: integration, severity: .high)
                #expect(again.outcome == .opened && again.incidentID != first)
            }
        }
    }
}

@Suite struct DeliveryLaneMigrationTests {
    /// Version 20: pages queued before it claim in the urgent lane, a delivery already tried keeps
    /// its first attempt's time for the retry budget, and a destination is filled in when first claimed.
    @Test(arguments: TestDatabase.allCases)
    func deliveriesQueuedBeforeLanesGetTheirLaneFirstAttemptAndDestination(_ engine: TestDatabase) async throws {
        try await engine.withEmptyDatabase { location in
            try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.migrate(through: 18)
                try await store.transaction { database in
                    try await database.raw("INSERT INTO delivery_contents (digest, body) VALUES ('d', '{}')").run()
                    try await database.raw("""
                        INSERT INTO deliveries (idempotency_key, channel, address, severity, priority, content_id, state,
                            attempts, next_attempt_at, created_at)
                        VALUES ('incident:i1:step-0:wang:webhook', 'webhook', 'https://hooks.example.com/a', 'high', 2, 1, 'pending', 0, 0, 0),
                               ('notice:n1:announcement:li:webhook', 'webhook', 'https://hooks.example.com/b', 'high', 2, 1, 'pending', 2, 0, 0)
                        """).run()
                    try await database.raw("""
                        INSERT INTO delivery_attempts (delivery_id, number, at, outcome, detail, latency_ms)
                        VALUES (2, 1, 1000, 'retryable', 'HTTP 503', 3), (2, 2, 7000, 'retryable', 'HTTP 503', 3)
                        """).run()
                }
                #expect(try await store.migrate(through: 20) == [19, 20])
                // Today's code reads today's schema; the later migrations leave lanes and attempts alone.
                try await store.migrate()
                let pages = try await store.claimDeliveries(lane: .urgent, room: ClaimRoom(total: 10))
                #expect(pages.map(\.idempotencyKey) == ["incident:i1:step-0:wang:webhook"])
                #expect(pages.first?.firstAttemptAt == nil)
                let bulk = try await store.claimDeliveries(lane: .bulk, room: ClaimRoom(total: 10))
                #expect(bulk.map(\.idempotencyKey) == ["notice:n1:announcement:li:webhook"])
                #expect(bulk.first?.firstAttemptAt == Date(timeIntervalSince1970: 1))
                let destinations = try await store.read { database in
                    try await database.raw("SELECT destination FROM deliveries ORDER BY id").all().map { try $0.decode(column: "destination", as: String.self) }
                }
                #expect(destinations == ["https://hooks.example.com:443", "https://hooks.example.com:443"])
            }
        }
    }
}

@Suite struct MessageButtonMigrationTests {
    /// Version 25: texts stored before buttons were have none and still send; a text with buttons
    /// keeps them through the queue, and the same text with and without buttons are two stored texts.
    @Test(arguments: TestDatabase.allCases)
    func textsStoredBeforeButtonsSendWithoutThemAndNewOnesCarryThem(_ engine: TestDatabase) async throws {
        try await engine.withEmptyDatabase { location in
            try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.migrate(through: 24)
                try await store.transaction { database in
                    try await database.raw("INSERT INTO delivery_contents (digest, subject, body) VALUES ('old', '告警', '正文')").run()
                    try await database.raw("""
                        INSERT INTO deliveries (idempotency_key, channel, address, severity, priority, content_id, state,
                            attempts, next_attempt_at, created_at, lane, destination)
                        VALUES ('incident:i1:step-0:wang:slack', 'slack', 'https://hooks.slack.com/a', 'high', 2, 1, 'pending', 0, 0, 0,
                            'urgent', 'https://hooks.slack.com:443')
                        """).run()
                }
                #expect(try await store.migrate(through: 25) == [25])
                let old = try #require(try await store.claimDeliveries(limit: 10).first)
                #expect(old.body == "正文" && old.actions.isEmpty)

                let buttons = [
                    MessageAction(label: "确认", url: "https://herald.example.com/respond/T#acknowledge"),
                    MessageAction(label: "解决", url: "https://herald.example.com/respond/T#resolve"),
                ]
                try await store.enqueue([
                    NewDelivery(idempotencyKey: "incident:i2:step-0:wang:slack", channel: .slack, address: "https://hooks.slack.com/b",
                                severity: .high, subject: "告警", body: "正文", actions: buttons),
                    NewDelivery(idempotencyKey: "incident:i2:step-0:wang:email", channel: .email, address: "wang@example.com",
                                severity: .high, subject: "告警", body: "正文"),
                ])
                let claimed = try await store.claimDeliveries(limit: 10)
                #expect(claimed.first { $0.channel == .slack }?.actions == buttons)
                #expect(claimed.first { $0.channel == .email }?.actions == [])
                let stored = try await store.read { database in
                    try await database.raw("SELECT COUNT(*) AS n FROM delivery_contents").first()!.decode(column: "n", as: Int.self)
                }
                #expect(stored == 3, "the old text, the text with buttons, the same text without")
            }
        }
    }
}
