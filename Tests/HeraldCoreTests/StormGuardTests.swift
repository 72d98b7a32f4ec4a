import Foundation
import HeraldCore
import Testing

/// Alert-storm protection's rules from a table: when a storm begins, what joins it, when a digest
/// goes out and when it ends by itself.
@Suite struct StormGuardTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let policy = StormPolicy(threshold: 10, window: 300, digestEvery: 300)

    static func storm(startedMinutesAgo: Double, digestMinutesAgo: Double, inWindow: Int, sinceDigest: Int) -> ActiveStorm {
        ActiveStorm(
            incidentID: "storm-1", startedAt: start.addingTimeInterval(-startedMinutesAgo * 60),
            lastDigestAt: start.addingTimeInterval(-digestMinutesAgo * 60), joinedInWindow: inWindow, joinedSinceDigest: sinceDigest)
    }

    struct IntakeRow: Sendable, CustomTestStringConvertible {
        var name: String
        var opened: Int
        var storm: ActiveStorm?
        var policy: StormPolicy?
        var expected: StormIntake
        var testDescription: String { name }
    }

    static let intakeRows: [IntakeRow] = [
        IntakeRow(name: "the tenth incident in the window still opens on its own", opened: 9, storm: nil, policy: policy, expected: .normal),
        IntakeRow(name: "the eleventh begins the storm", opened: 10, storm: nil, policy: policy, expected: .begin),
        IntakeRow(name: "during a storm everything joins it", opened: 0,
                  storm: storm(startedMinutesAgo: 1, digestMinutesAgo: 1, inWindow: 3, sinceDigest: 3), policy: policy,
                  expected: .join(incidentID: "storm-1")),
        IntakeRow(name: "storm mode off: never a storm", opened: 500, storm: nil, policy: nil, expected: .normal),
        IntakeRow(name: "a team's own lower threshold", opened: 3, storm: nil, policy: StormPolicy(threshold: 3), expected: .begin),
    ]

    @Test(arguments: intakeRows)
    func intake(_ row: IntakeRow) {
        #expect(StormGuard.intake(openedInWindow: row.opened, activeIncidentID: row.storm?.incidentID, policy: row.policy) == row.expected)
    }

    struct TickRow: Sendable, CustomTestStringConvertible {
        var name: String
        var storm: ActiveStorm?
        var policy: StormPolicy?
        var expected: StormTick
        var testDescription: String { name }
    }

    static let tickRows: [TickRow] = [
        TickRow(name: "no storm, nothing to do", storm: nil, policy: policy, expected: .nothing),
        TickRow(name: "a digest is not due before its interval", storm: storm(startedMinutesAgo: 4, digestMinutesAgo: 4, inWindow: 30, sinceDigest: 30),
                policy: policy, expected: .nothing),
        TickRow(name: "a digest every five minutes while alerts keep coming",
                storm: storm(startedMinutesAgo: 12, digestMinutesAgo: 5, inWindow: 40, sinceDigest: 40), policy: policy,
                expected: .digest(incidentID: "storm-1", joined: 40)),
        TickRow(name: "no digest when nothing joined", storm: storm(startedMinutesAgo: 4, digestMinutesAgo: 9, inWindow: 12, sinceDigest: 0),
                policy: policy, expected: .nothing),
        TickRow(name: "it lasts at least one window, however quiet",
                storm: storm(startedMinutesAgo: 4, digestMinutesAgo: 4, inWindow: 0, sinceDigest: 0), policy: policy, expected: .nothing),
        TickRow(name: "the rate fell below the threshold: it ends, with what joined since the digest",
                storm: storm(startedMinutesAgo: 20, digestMinutesAgo: 2, inWindow: 9, sinceDigest: 2), policy: policy,
                expected: .end(incidentID: "storm-1", joined: 2)),
        TickRow(name: "at the threshold it goes on", storm: storm(startedMinutesAgo: 20, digestMinutesAgo: 2, inWindow: 10, sinceDigest: 2),
                policy: policy, expected: .nothing),
        TickRow(name: "storm mode turned off ends a storm at once",
                storm: storm(startedMinutesAgo: 1, digestMinutesAgo: 1, inWindow: 50, sinceDigest: 5), policy: nil,
                expected: .end(incidentID: "storm-1", joined: 5)),
    ]

    @Test(arguments: tickRows)
    func tick(_ row: TickRow) {
        #expect(StormGuard.tick(row.storm, policy: row.policy, at: Self.start) == row.expected)
    }

    @Test func teamsTakeTheirOwnThresholdElseTheDefault() {
        let settings = StormSettings(teams: ["payments": StormPolicy(threshold: 3)])
        #expect(settings.policy(for: "payments")?.threshold == 3)
        #expect(settings.policy(for: "sre") == StormPolicy())
        #expect(settings.policy(for: nil) == StormPolicy(), "alerts with no team are a team of their own")
        #expect(StormSettings(enabled: false).policy(for: "payments") == nil)
    }

    @Test func aDigestCountsSourcesComponentsAndSummariesLargestFirst() {
        func alert(_ id: Int64, _ summary: String, source: String?, labels: [String: String]) -> StoredAlert {
            StoredAlert(
                id: id, dedupKey: "k\(id)", status: .triggered, severity: .high, summary: summary, source: source, labels: labels, events: 1,
                firstAt: Self.start, lastAt: Self.start, resolvedAt: nil)
        }
        let alerts = [
            alert(1, "磁盘满", source: "node-1", labels: ["component": "db"]),
            alert(2, "磁盘满", source: "node-2", labels: ["component": "db", "service": "db"]),
            alert(3, "延迟高", source: nil, labels: ["job": "api", "service": "pay"]),
            alert(4, "磁盘满", source: "node-1", labels: [:]),
        ]
        let digest = StormDigest.of(alerts, limit: 2)
        #expect(digest.total == 4)
        #expect(digest.bySource == [.init("node-1", 2), .init("api", 1)], "a job label stands in for a missing source; ties by name")
        #expect(digest.byComponent == [.init("db", 2), .init("pay", 1)], "an alert naming db twice counts once")
        #expect(digest.top == [.init("磁盘满", 3), .init("延迟高", 1)])
    }
}
