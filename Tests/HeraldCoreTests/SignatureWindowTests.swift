import Foundation
import HeraldCore
import Testing

/// Which signed timestamps are believed: within the window either way, never a replay from long ago.
@Suite struct SignatureWindowTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000.75)

    struct Row: Sendable, CustomTestStringConvertible {
        var timestamp: String
        var window = SignatureWindow.standard
        var verdict: SignatureWindow.Verdict
        var testDescription: String { "\(timestamp) → \(verdict)" }
    }

    static let rows: [Row] = [
        Row(timestamp: "1800000000", verdict: .fresh),
        Row(timestamp: "1799999700", verdict: .fresh),
        Row(timestamp: "1799999699", verdict: .tooOld(seconds: 301)),
        Row(timestamp: "1768464000", verdict: .tooOld(seconds: 31_536_000)),
        Row(timestamp: "1800000300", verdict: .fresh),
        Row(timestamp: "1800000301", verdict: .ahead(seconds: 301)),
        Row(timestamp: "1799999990", window: SignatureWindow(seconds: 5), verdict: .tooOld(seconds: 10)),
        Row(timestamp: "0", verdict: .tooOld(seconds: 1_800_000_000)),
        Row(timestamp: "", verdict: .malformed),
        Row(timestamp: "-1800000000", verdict: .malformed),
        Row(timestamp: "+1800000000", verdict: .malformed),
        Row(timestamp: "1800000000.5", verdict: .malformed),
        Row(timestamp: " 1800000000", verdict: .malformed),
        Row(timestamp: "2026-12-01T00:00:00Z", verdict: .malformed),
        Row(timestamp: "99999999999999999999", verdict: .malformed),
        Row(timestamp: "１８００００００００", verdict: .malformed),
    ]

    @Test(arguments: rows)
    func judges(_ row: Row) {
        #expect(row.window.judge(row.timestamp, now: Self.now) == row.verdict)
    }

    @Test func theRefusalSaysWhyAndOnlyWhenThereIsOne() {
        let window = SignatureWindow.standard
        #expect(window.refusal(.fresh, header: "X-T") == nil)
        #expect(window.refusal(.tooOld(seconds: 400), header: "X-T")?.hasPrefix("X-T is 400 s old") == true)
        #expect(window.refusal(.ahead(seconds: 400), header: "X-T")?.contains("ahead") == true)
        #expect(window.refusal(.malformed, header: "X-T")?.contains("Unix seconds") == true)
    }
}
