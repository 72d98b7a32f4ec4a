import Foundation

/// Decides, per recipient, which channels carry a message: severity picks the default set, the
/// contact's preferences refine it, quiet hours delay what is not urgent.
public struct ChannelPlanner: Sendable {
    /// The channels there are, with the group each belongs to.
    public var catalogue: ChannelCatalogue
    /// The default channels per severity. `im` stands for every IM channel the contact has an address on.
    public var defaults: [Severity: [ChannelGroup]]
    /// Where a message goes next when its channel fails for good: IM → SMS → voice by default.
    public var fallbacks: [ChannelKind: ChannelKind]

    /// Without `fallbacks`, each channel falls back along `ChannelGroup.standardFallbacks` to the
    /// first channel of the next group.
    public init(
        catalogue: ChannelCatalogue, defaults: [Severity: [ChannelGroup]] = ChannelPlanner.standardDefaults,
        fallbacks: [ChannelKind: ChannelKind]? = nil
    ) {
        self.catalogue = catalogue
        self.defaults = defaults
        self.fallbacks = fallbacks ?? Self.standardFallbacks(in: catalogue)
    }

    public static func standardFallbacks(in catalogue: ChannelCatalogue) -> [ChannelKind: ChannelKind] {
        var chain: [ChannelKind: ChannelKind] = [:]
        for traits in catalogue.all {
            guard let group = traits.group, let nextGroup = ChannelGroup.standardFallbacks[group],
                let next = catalogue.kinds(in: nextGroup).first
            else { continue }
            chain[traits.kind] = next
        }
        return chain
    }

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
            ?? (defaults[severity] ?? [.email]).flatMap { catalogue.kinds(in: $0) }
        var channels = wanted.filter { contact.addresses[$0] != nil }
        // Nobody is left out because their addresses do not match the plan: use what they have.
        if channels.isEmpty, let fallback = catalogue.all.first(where: { $0.group != nil && contact.addresses[$0.kind] != nil }) {
            channels = [fallback.kind]
        }
        let zone = TimeZone(identifier: contact.timeZone) ?? .gmt
        // Quiet hours never hold back a high-severity message.
        let hold = severity == .high ? nil : contact.quietHours?.end(after: now, in: zone)
        var seen = Set<ChannelKind>()
        return channels.filter { seen.insert($0).inserted }.map { Planned(channel: $0, address: contact.addresses[$0]!, notBefore: hold) }
    }
}
