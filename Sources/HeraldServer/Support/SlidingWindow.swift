import Foundation
import Synchronization

/// Times of the last `span` seconds, oldest first: admits one more while fewer than a limit.
/// Expired times are skipped by moving `head`, not by filtering the whole list on every call: at a
/// high limit the list is long, and this runs for every request.
struct SlidingWindow {
    var times: [Date] = []
    var head = 0

    mutating func admit(_ now: Date, limit: Int, span: TimeInterval) -> Bool {
        while head < times.count, now.timeIntervalSince(times[head]) >= span { head += 1 }
        if head > 1024, head * 2 > times.count {
            times.removeFirst(head)
            head = 0
        }
        guard times.count - head < limit else { return false }
        times.append(now)
        return true
    }
}

/// At most `limit` requests per key (a client address) per `span` seconds, on this node.
final class ClientLimits: Sendable {
    let limit: Int
    let span: TimeInterval
    private let windows = Mutex<[String: SlidingWindow]>([:])

    init(limit: Int, span: TimeInterval) {
        self.limit = limit
        self.span = span
    }

    func admit(_ key: String, now: Date) -> Bool {
        windows.withLock { windows in
            // Forget clients that have been quiet a whole span, so the table does not grow forever.
            if windows.count > 10_000 { windows = windows.filter { $0.value.times.last.map { now.timeIntervalSince($0) < span } ?? false } }
            return windows[key, default: SlidingWindow()].admit(now, limit: limit, span: span)
        }
    }
}
