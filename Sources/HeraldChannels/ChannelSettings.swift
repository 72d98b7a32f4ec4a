import HeraldCore

/// The settings of every configured channel, each read from `channels.<kind>` by its own definition.
public struct ChannelSettings: Sendable {
    private var values: [ChannelKind: any Sendable] = [:]

    public init() {}

    /// Reads the `channels` section of the config file; its problems, each with its path, go into `parent`.
    public static func read(
        _ value: JSONValue, into parent: inout ObjectReader, prefix: String = "channels.",
        definitions: [any ChannelDefinition.Type] = Channels.all
    ) -> ChannelSettings {
        var section = ObjectReader(value, prefix: prefix)
        var settings = ChannelSettings()
        for definition in definitions { definition.read(from: &section, into: &settings) }
        parent.add(section.errorsIncludingUnknown())
        return settings
    }

    /// One channel's settings; nil when its section is absent or incomplete.
    public subscript<Definition: ChannelDefinition>(_ definition: Definition.Type) -> Definition.Settings? {
        get { values[definition.traits.kind] as? Definition.Settings }
        set { values[definition.traits.kind] = newValue }
    }

    /// Every configured setting that is a `T`, such as the Twilio accounts receipts are checked against.
    public func all<T>(_ type: T.Type, definitions: [any ChannelDefinition.Type] = Channels.all) -> [T] {
        definitions.compactMap { values[$0.traits.kind] as? T }
    }

    /// The channels deliveries can go out on: those that need no settings, and those configured.
    /// Deliveries for a missing one become dead letters that fall back to the next channel.
    public func channels(_ context: ChannelContext, definitions: [any ChannelDefinition.Type] = Channels.all) -> [any Channel] {
        definitions.compactMap { $0.channel(in: self, context: context) }
    }
}
