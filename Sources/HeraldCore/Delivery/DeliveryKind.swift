import Foundation

/// What a delivery is for, which decides how long it is worth retrying and which lane it takes.
public enum DeliveryKind: String, Sendable, CaseIterable, Codable {
    /// A page to an on-call person about an incident (`incident:…`).
    case page
    /// A planned-downtime notice fanned out to contacts (`notice:…`).
    case notice
    /// A status-page update to a subscriber (`subscriber:…`).
    case subscriberUpdate = "subscriber_update"
    /// Anything else: subscription confirmations, feedback replies.
    case message

    /// Read from the idempotency key, whose first part names the producer. A fallback's key starts
    /// with the key of the delivery it replaces, so it keeps that delivery's kind.
    public init(idempotencyKey key: String) {
        let producer = key.prefix { $0 != ":" }
        switch producer {
        case "incident": self = .page
        case "notice": self = .notice
        case "subscriber": self = .subscriberUpdate
        default: self = .message
        }
    }
}

/// Which queue of the worker a delivery waits in. Each lane claims and sends on its own, with its
/// own concurrency, so a page never waits for a slot behind a fan-out.
public enum DeliveryLane: String, Sendable, CaseIterable, Codable {
    /// Pages: few, and every second counts.
    case urgent
    /// Notices, subscriber updates and the rest, which may be many.
    case bulk

    /// Pages go urgent whatever their severity: their number is bounded by the people on call, not
    /// by an audience. A high-severity notice is still a fan-out, so it is bulk (first within it).
    public static func of(_ kind: DeliveryKind) -> DeliveryLane {
        kind == .page ? .urgent : .bulk
    }
}

/// Where a delivery's request goes, as far as concurrency limits and the circuit breaker care.
public enum DeliveryDestination {
    /// For an address that is an http(s) URL, its scheme, host and port (`https://hooks.example.com:443`):
    /// two ports of one host fail apart. Any other address (a phone number, a user id) goes to the
    /// channel's one provider, so the destination is the channel's kind.
    public static func of(channel: ChannelKind, address: String) -> String {
        guard let components = URLComponents(string: address), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host?.lowercased(), !host.isEmpty
        else { return channel.rawValue }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(host):\(port)"
    }
}
