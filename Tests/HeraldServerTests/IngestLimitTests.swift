import Foundation
@testable import HeraldServer
import Testing

@Suite struct IngestLimitTests {
    @Test func theAllowanceIsPerIntegrationAndFreesUpAMinuteLater() {
        let limits = IngestLimits(maxBodyBytes: 1024, perMinute: 3000)
        let start = Date(timeIntervalSince1970: 1_795_305_600)
        // 3,000 events in the first half minute fill the allowance; another integration is unaffected.
        for index in 0..<3000 { #expect(limits.admit("a", now: start.addingTimeInterval(Double(index) / 100))) }
        #expect(!limits.admit("a", now: start.addingTimeInterval(30)))
        #expect(limits.admit("b", now: start.addingTimeInterval(30)))
        // Just before 75 s, the 1,500 events of the first 15 s have left the window: 1,500 more fit, not 1,501.
        let later = start.addingTimeInterval(74.999)
        for _ in 0..<1500 { #expect(limits.admit("a", now: later)) }
        #expect(!limits.admit("a", now: later))
    }
}
