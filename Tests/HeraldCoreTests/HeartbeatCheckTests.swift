import Foundation
import HeraldCore
import Testing

/// The heartbeat rule from a table: which signal, in which state, at which moment, does what.
@Suite struct HeartbeatCheckTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ minutes: Double) -> Date { start.addingTimeInterval(minutes * 60) }

    /// Every 5 minutes with 2 minutes' grace, watched since minute 0.
    static func facts(_ state: HeartbeatState, lastBeat: Double? = nil, paused: Bool = false, since: Double = 0) -> HeartbeatFacts {
        HeartbeatFacts(state: state, paused: paused, lastBeatAt: lastBeat.map(at), watchedSince: at(since), period: 300, grace: 120)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var signal: HeartbeatSignal
        var facts: HeartbeatFacts
        var minute: Double
        var outcome: HeartbeatDecision.Outcome
        var state: HeartbeatState
        var alert: HeartbeatDecision.Alert?
        /// When the checker looks next, in minutes; nil: not until a beat.
        var due: Double?
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "a check before the first deadline waits for it", signal: .check, facts: facts(.waiting), minute: 6.9,
            outcome: .onTime, state: .waiting, alert: nil, due: 7),
        Row(name: "no beat since creation: late at period + grace", signal: .check, facts: facts(.waiting), minute: 7,
            outcome: .late, state: .late, alert: .trigger, due: nil),
        Row(name: "a beat sets the next deadline from itself", signal: .beat, facts: facts(.waiting), minute: 3,
            outcome: .onTime, state: .up, alert: nil, due: 10),
        Row(name: "on time after the last beat", signal: .check, facts: facts(.up, lastBeat: 10), minute: 16,
            outcome: .onTime, state: .up, alert: nil, due: 17),
        Row(name: "late after the last beat", signal: .check, facts: facts(.up, lastBeat: 10), minute: 17.5,
            outcome: .late, state: .late, alert: .trigger, due: nil),
        Row(name: "checking a late monitor again opens nothing more", signal: .check, facts: facts(.late, lastBeat: 10), minute: 30,
            outcome: .unchanged, state: .late, alert: nil, due: nil),
        Row(name: "a good beat after being late resolves", signal: .beat, facts: facts(.late, lastBeat: 10), minute: 30,
            outcome: .recovered, state: .up, alert: .resolve, due: 37),
        Row(name: "a good beat after a failure resolves", signal: .beat, facts: facts(.failed, lastBeat: 10), minute: 12,
            outcome: .recovered, state: .up, alert: .resolve, due: 19),
        Row(name: "a fail beat opens at once, even in time", signal: .fail, facts: facts(.up, lastBeat: 10), minute: 11,
            outcome: .failed, state: .failed, alert: .trigger, due: nil),
        Row(name: "a fail beat while late adds nothing", signal: .fail, facts: facts(.late, lastBeat: 10), minute: 20,
            outcome: .unchanged, state: .late, alert: nil, due: nil),
        Row(name: "a paused monitor is never late", signal: .check, facts: facts(.up, lastBeat: 10, paused: true), minute: 500,
            outcome: .unchanged, state: .up, alert: nil, due: nil),
        Row(name: "a paused monitor's failure opens nothing", signal: .fail, facts: facts(.up, paused: true), minute: 1,
            outcome: .unchanged, state: .up, alert: nil, due: nil),
        Row(name: "a paused monitor records beats and stays down until resumed", signal: .beat, facts: facts(.late, lastBeat: 10, paused: true),
            minute: 40, outcome: .unchanged, state: .late, alert: nil, due: nil),
        Row(name: "resumed after a long pause, lateness counts from the resume", signal: .check, facts: facts(.up, lastBeat: 10, since: 600),
            minute: 605, outcome: .onTime, state: .up, alert: nil, due: 607),
    ]

    @Test(arguments: rows)
    func decides(_ row: Row) {
        let decision = HeartbeatCheck.decide(row.signal, facts: row.facts, at: Self.at(row.minute))
        #expect(decision.outcome == row.outcome)
        #expect(decision.state == row.state)
        #expect(decision.alert == row.alert)
        #expect(decision.dueAt == row.due.map(Self.at))
        if row.signal != .check { #expect(decision.lastBeatAt == Self.at(row.minute), "every beat is recorded, paused or not") }
    }

    @Test func theTimelineSaysWhenTheLastBeatCameAndWhatWasExpectedInBothLanguages() throws {
        var monitor = HeartbeatMonitor(
            id: "m1", name: "nightly-backup", keyHint: "abcd", period: 300, grace: 120, teamID: "sre", labels: [:], severity: .high,
            lastBeatAt: Self.start.addingTimeInterval(5 * 60), watchedSince: Self.start, dueAt: nil, createdAt: Self.start)
        let now = Self.start.addingTimeInterval(13 * 60)
        let late = HeartbeatCheck.decide(.check, facts: monitor.facts, at: now)
        let zone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let texts = HeartbeatWords.timeline(monitor, late, at: now, zone: zone)
        // 1_800_000_000 is 2027-01-15 08:00 UTC, 16:00 in Shanghai; the beat came five minutes later.
        #expect(texts[.en] == "No beat since 2027-01-15 16:05 Asia/Shanghai, expected every 5 minutes + 2 minutes grace.")
        #expect(texts[.zhCN] == "自 2027-01-15 16:05 Asia/Shanghai 起没有心跳，应每 5 分钟一次（宽限 2 分钟）。")
        let alert = try #require(HeartbeatWords.alert(for: monitor, late, at: now, language: .zhCN))
        #expect(alert.action == .trigger && alert.dedupKey == "heartbeat:m1" && alert.labels["heartbeat"] == "nightly-backup")
        #expect(alert.summary == "心跳 nightly-backup 未按时到达")

        monitor.state = .late
        let back = Self.start.addingTimeInterval(20 * 60)
        let recovered = HeartbeatCheck.decide(.beat, facts: monitor.facts, at: back)
        #expect(HeartbeatWords.timeline(monitor, recovered, at: back, zone: zone)[.en]
            == "A good beat came at 2027-01-15 16:20 Asia/Shanghai, 15 minutes after the last sign of life; the monitor is on time again.")
        #expect(HeartbeatWords.alert(for: monitor, recovered, at: back, language: .en)?.action == .resolve)
        #expect(HeartbeatWords.timeline(monitor, HeartbeatCheck.decide(.check, facts: monitor.facts, at: back), at: back, zone: zone).isEmpty)
    }
}
