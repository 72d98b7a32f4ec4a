import Foundation
import HeraldCore
import HeraldStore

/// Puts a dead letter back in the queue: for `POST /api/v1/deliveries/{id}/retry` and the console's
/// Deliveries screen alike. A delivery to a contact who was deleted has no address left to send to.
public enum DeadLetterRetry {
    /// The delivery went to a contact who was deleted and erased.
    public struct Erased: Error, Sendable {
        public let id: Int64
        public var detail: String { "delivery \(id) went to a contact who was deleted and erased; it cannot be sent again" }
    }

    public static func retry(_ store: Store, id: Int64) async throws -> Delivery {
        if try await store.delivery(id: id).address == Erasure.marker { throw Erased(id: id) }
        return try await store.retryDeadLetter(id: id)
    }
}
