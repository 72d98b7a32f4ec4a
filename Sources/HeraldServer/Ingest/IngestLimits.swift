import Foundation
import Synchronization

import HeraldCore

/// How much ingest accepts: body size, events per minute per integration, and how old a signature may be.
final class IngestLimits: Sendable {
    let maxBodyBytes: Int
    let perMinute: Int
    let signatureWindow: SignatureWindow
    private let recent = Mutex<[String: SlidingWindow]>([:])

    init(maxBodyBytes: Int, perMinute: Int, signatureWindow: SignatureWindow = .standard) {
        self.maxBodyBytes = maxBodyBytes
        self.perMinute = perMinute
        self.signatureWindow = signatureWindow
    }

    /// Whether one more event from `integration` fits in the last minute's allowance.
    func admit(_ integration: String, now: Date) -> Bool {
        recent.withLock { $0[integration, default: SlidingWindow()].admit(now, limit: perMinute, span: 60) }
    }
}
