import Foundation
import HeraldCore
import Testing

@Suite struct RateLimitTests {
    let start = Date(timeIntervalSince1970: 1_795_305_600)

    @Test func noMoreThanTheLimitInAnySlidingWindow() {
        let limiter = RateLimiter(limits: [.dingtalk: [RateLimit(20, per: 60)]])
        var sent: [Date] = []
        // One attempt every second for three minutes.
        for second in 0..<180 {
            let now = start.addingTimeInterval(Double(second))
            if limiter.reserve(.dingtalk, now: now) == nil { sent.append(now) }
        }
        for time in sent {
            let inWindow = sent.filter { $0 >= time && $0.timeIntervalSince(time) < 60 }
            #expect(inWindow.count <= 20)
        }
        #expect(sent.count == 60, "20 in each of the three minutes")
    }

    @Test func theWaitSaysWhenTheOldestSlotFrees() {
        let limiter = RateLimiter(limits: [.feishu: [RateLimit(5, per: 1), RateLimit(100, per: 60)]])
        for _ in 0..<5 { #expect(limiter.reserve(.feishu, now: start) == nil) }
        #expect(limiter.reserve(.feishu, now: start.addingTimeInterval(0.25)) == 0.75)
        #expect(limiter.reserve(.feishu, now: start.addingTimeInterval(1)) == nil)
    }

    @Test func channelsWithoutALimitAreNeverHeld() {
        let limiter = RateLimiter()
        for _ in 0..<1000 { #expect(limiter.reserve(.email, now: start) == nil) }
    }
}
