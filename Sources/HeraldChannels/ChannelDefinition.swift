import AsyncHTTPClient
import Foundation
import HeraldCore
import Logging

/// A channel as a whole, declared in its own file: what Core knows of it, how its section of the
/// config file is read, and how the channel that sends is built. `Channels.all` lists them.
public protocol ChannelDefinition: Sendable {
    /// What the channel needs to send, as read from its section of the config file.
    associatedtype Settings: Sendable
    /// Its kind, template kind, group, address format, provider limits and receipts, for Core.
    static var traits: ChannelTraits { get }
    /// Whether it needs configuring, and how its section is read.
    static var setup: ChannelSetup<Settings> { get }
    /// The channel that sends with `settings`.
    static func channel(_ settings: Settings, context: ChannelContext) -> any Channel
}

/// How a channel comes to exist.
public enum ChannelSetup<Settings: Sendable>: Sendable {
    /// Nothing to configure: the channel is always there (Slack's address is the webhook URL itself),
    /// and a section for it in the config file is an unknown field.
    case always(Settings)
    /// Read from `channels.<kind>`; without that section the channel is not there. The closure
    /// reports every problem into the reader, whose prefix is the section's path, and returns nil
    /// when the settings are incomplete.
    case section(@Sendable (inout ObjectReader) -> Settings?)
}

/// What building a channel may take from the running server.
public struct ChannelContext: Sendable {
    public var logger: Logger
    /// For the providers' APIs the config names (Twilio, Aliyun): the operator's, not guarded.
    public var client: HTTPClient
    /// For addresses contacts, subscribers and IM webhook URLs give: guarded by `outbound`'s policy.
    public var outbound: OutboundClient
    /// The clock signatures and message dates come from.
    public var now: @Sendable () -> Date

    public init(
        logger: Logger, client: HTTPClient = ProviderHTTP.client, outbound: OutboundClient = .standard,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.logger = logger
        self.client = client
        self.outbound = outbound
        self.now = now
    }
}

extension Channel where Self: ChannelDefinition {
    public var kind: ChannelKind { Self.traits.kind }
}

extension ChannelDefinition {
    /// Reads this channel's part of the `channels` section into `settings`.
    static func read(from section: inout ObjectReader, into settings: inout ChannelSettings) {
        guard case .section(let read) = setup else { return }
        let key = traits.kind.rawValue
        guard let value = section.object(key) else { return }
        var item = ObjectReader(value, prefix: section.path(key) + ".")
        if let read = read(&item) { settings[Self.self] = read }
        section.add(item.errorsIncludingUnknown())
    }

    /// The channel as configured in `settings`, or nil when it is not.
    static func channel(in settings: ChannelSettings, context: ChannelContext) -> (any Channel)? {
        switch setup {
        case .always(let fixed): channel(fixed, context: context)
        case .section: settings[Self.self].map { channel($0, context: context) }
        }
    }
}
