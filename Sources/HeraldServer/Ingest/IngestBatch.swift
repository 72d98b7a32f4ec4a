import HeraldCore

/// What one request's body asks for, once read.
struct IngestBatch: Sendable {
    /// Why a well-formed request asks for nothing (a tool's test message), said in the answer.
    struct Ignored: Sendable, Equatable {
        /// The answer's `outcome`, e.g. `test` or `ignored`.
        var outcome: String
        var reason: String
    }

    var alerts: [IncomingAlert]
    /// The integration key, for formats that carry it in the body (PagerDuty's `routing_key`).
    var key: String? = nil
    var ignored: Ignored? = nil
}
