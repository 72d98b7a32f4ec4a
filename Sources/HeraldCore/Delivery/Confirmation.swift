import Foundation

/// How long a sent message may go unconfirmed before the fallback chain takes over, per channel.
///
/// Only channels whose provider reports delivery (Twilio's status callbacks) are waited on: an SMS
/// the network never delivered, or a call nobody answered, must not end the chain.
public struct ConfirmationTimeouts: Sendable, Equatable {
    public var within: [ChannelKind: TimeInterval]

    /// `within` per channel, usually the catalogue's `confirmationWindows`; a channel without one is never waited on.
    public init(within: [ChannelKind: TimeInterval] = [:]) {
        self.within = within
    }
}

/// What a provider's delivery receipt says.
public enum Receipt: Sendable, Equatable {
    /// It reached the person: the SMS was delivered, the call was answered.
    case confirmed(status: String)
    /// It did not and will not: the fallback takes over.
    case failed(status: String, reason: String)
    /// On its way (queued, sent, ringing…); nothing to do yet.
    case underway(status: String)

    /// Twilio's message and call statuses, as its status callbacks send them.
    public static func twilio(status: String, errorCode: String?) -> Receipt {
        switch status {
        case "delivered", "completed", "read":
            return .confirmed(status: status)
        case "undelivered", "failed", "busy", "no-answer", "canceled":
            return .failed(status: status, reason: "Twilio: \(status)" + (errorCode.map { " (error \($0))" } ?? ""))
        default:
            return .underway(status: status)
        }
    }
}
