import Foundation
import Synchronization

/// How much ingest accepts: body size, and events per minute per integration.
final class IngestLimits: Sendable {
    let maxBodyBytes: Int
    let perMinute: Int
    private let recent = Mutex<[String: SlidingWindow]>([:])

    init(maxBodyBytes: Int, perMinute: Int) {
        self.maxBodyBytes = maxBodyBytes
        self.perMinute = perMinute
    }

    /// Whether one more event from `integration` fits in the last minute's allowance.
    func admit(_ integration: String, now: Date) -> Bool {
        recent.withLock { $0[integration, default: SlidingWindow()].admit(now, limit: perMinute, span: 60) }
    }
}
