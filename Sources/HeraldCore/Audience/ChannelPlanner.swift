import Foundation

/// Decides, per recipient, which channels carry a message: severity picks the default set, the
/// contact's preferences refine it, quiet hours delay what is not urgent.
public struct ChannelPlanner: Sendable {
    /// The default channels per severity. `im` stands for every IM channel the contact has an address on.
    public var defaults: [Severity: [ChannelGroup]]
    /// Where a message goes next when its channel fails for good: IM → SMS → voice by default.
    public var fallbacks: [ChannelKind: ChannelKind]

    public init(
        defaults: [Severity: [ChannelGroup]] = ChannelPlanner.standardDefaults,
        fallbacks: [ChannelKind: ChannelKind] = ChannelPlanner.standardFallbacks
    ) {
        self.defaults = defaults
        self.fallbacks = fallbacks
    }

    public static let standardFallbacks: [ChannelKind: ChannelKind] = Dictionary(
        uniqueKeysWithValues: ChannelGroup.instantMessaging.map { ($0, ChannelKind.sms) } + [(.sms, .voice)])

    /// The next channel in the chain after `channel` that the contact has an address on, if any.
    public func fallback(after channel: ChannelKind, for contact: Contact) -> Planned? {
        var current = channel
        var visited: Set<ChannelKind> = [channel]
        while let next = fallbacks[current], visited.insert(next).inserted {
            if let address = contact.addresses[next], contact.consent == .granted {
                return Planned(channel: next, address: address, notBefore: nil)
            }
            current = next
        }
        return nil
    }

    public static let standardDefaults: [Severity: [ChannelGroup]] = [
        .high: [.sms, .voice, .im, .email],
        .medium: [.im, .email],
        .low: [.email],
    ]

    /// One message to send on one channel, possibly held until the contact's quiet hours end.
    public struct Planned: Sendable, Equatable {
        public var channel: ChannelKind
        public var address: String
        public var notBefore: Date?
    }

    public func plan(_ contact: Contact, severity: Severity, now: Date) -> [Planned] {
        guard contact.consent == .granted else { return [] }
        let wanted: [ChannelKind] =
            contact.preferences[severity]
            ?? (defaults[severity] ?? [.email]).flatMap { $0.channels(of: contact) }
        var channels = wanted.filter { contact.addresses[$0] != nil }
        // Nobody is left out because their addresses do not match the plan: use what they have.
        if channels.isEmpty, let fallback = ChannelKind.allCases.first(where: { $0 != .log && contact.addresses[$0] != nil }) {
            channels = [fallback]
        }
        let zone = TimeZone(identifier: contact.timeZone) ?? .gmt
        // Quiet hours never hold back a high-severity message.
        let hold = severity == .high ? nil : contact.quietHours?.end(after: now, in: zone)
        var seen = Set<ChannelKind>()
        return channels.filter { seen.insert($0).inserted }.map { Planned(channel: $0, address: contact.addresses[$0]!, notBefore: hold) }
    }
}

/// A kind of channel in a plan: one channel, or all of a contact's instant-messaging channels.
public enum ChannelGroup: String, Sendable, Codable, CaseIterable {
    case email, sms, voice, im, webhook

    public static let instantMessaging: [ChannelKind] = [.dingtalk, .wecom, .feishu, .slack, .teams, .discord]

    func channels(of contact: Contact) -> [ChannelKind] {
        switch self {
        case .email: [.email]
        case .sms: [.sms]
        case .voice: [.voice]
        case .webhook: [.webhook]
        case .im: Self.instantMessaging.filter { contact.addresses[$0] != nil }
        }
    }
}
