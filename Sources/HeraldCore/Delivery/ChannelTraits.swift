import Foundation

/// What Core needs to know about one channel, declared by the channel itself in HeraldChannels and
/// handed to Core in a `ChannelCatalogue`, so Core never lists channels.
public struct ChannelTraits: Sendable {
    public var kind: ChannelKind
    /// The rendering this channel sends: email, SMS (also read aloud), IM markdown or webhook JSON.
    public var templateKind: TemplateKind
    /// Where the planner and the fallback chains place it; nil for a channel only a contact's
    /// preferences choose (the log channel).
    public var group: ChannelGroup?
    public var address: AddressFormat
    /// The provider's documented limits, counted in sliding windows; empty when it has none.
    public var rateLimits: [RateLimit]
    /// How long to wait for the provider's delivery receipt before the fallback takes over; nil when
    /// the provider never reports delivery.
    public var confirmWithin: TimeInterval?

    public init(
        kind: ChannelKind, templateKind: TemplateKind, group: ChannelGroup?, address: AddressFormat, rateLimits: [RateLimit] = [],
        confirmWithin: TimeInterval? = nil
    ) {
        self.kind = kind
        self.templateKind = templateKind
        self.group = group
        self.address = address
        self.rateLimits = rateLimits
        self.confirmWithin = confirmWithin
    }
}
