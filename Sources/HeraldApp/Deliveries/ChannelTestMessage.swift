import Foundation
import HeraldChannels
import HeraldCore
import HeraldStore

/// A test message on one channel to an address an operator gives, queued like every other delivery
/// (the worker sends it, retries it and records its attempts), so it shows the whole path works.
public enum ChannelTestMessage {
    /// Checks `address` as a contact's address on `channel` is checked, then queues the message;
    /// returns the delivery's idempotency key.
    @discardableResult
    public static func enqueue(
        _ store: Store, channel: ChannelKind, address: String, actor: String, language: Language, siteName: String, now: Date
    ) async throws -> String {
        let trimmed = address.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = trimmed.isEmpty ? [FieldError("address", .problemRequired)] : Channels.catalogue.problems(address: trimmed, on: channel, field: "address")
        if !Channels.catalogue.kinds.contains(channel) { errors.append(FieldError("channel", .problemNotAChannel)) }
        try ValidationFailure.check(errors)
        let key = "test:\(channel.rawValue):\(Identifier.make())"
        let values = ["site": siteName, "actor": actor, "time": PublicTime.readable(now, TimeZone(identifier: "UTC")!)]
        try await store.enqueue([
            NewDelivery(
                idempotencyKey: key, channel: channel, address: trimmed, severity: .low,
                subject: language.text(.testMessageSubject, values), body: language.text(.testMessageBody, values)),
        ])
        return key
    }
}
