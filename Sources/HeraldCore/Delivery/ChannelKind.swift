/// The name of a way of reaching a person or system, such as `dingtalk`.
///
/// An open set: which kinds exist is decided by the channels registered in HeraldChannels, and what
/// Core needs to know about each comes from its `ChannelTraits`. Stored deliveries keep their kind
/// even if its channel is later removed, so any well-formed name reads back.
public struct ChannelKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// A lowercase name of letters, digits and `_`, starting with a letter, as config sections and
    /// address keys spell it; nil for anything else.
    public init?(rawValue: String) {
        guard let first = rawValue.utf8.first, (0x61...0x7A).contains(first), rawValue.utf8.count <= 32,
            rawValue.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F })
        else { return nil }
        self.rawValue = rawValue
    }

    /// For names written in code; a malformed one is a programming error.
    public init(_ name: StaticString) {
        guard let kind = ChannelKind(rawValue: "\(name)") else { preconditionFailure("'\(name)' is not a channel kind name") }
        self = kind
    }

    public var description: String { rawValue }
}

extension ChannelKind: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let kind = ChannelKind(rawValue: name) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(name)' is not a channel kind name")
        }
        self = kind
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

// The kinds Herald ships with, named here so code and tests can spell them; what each one is comes
// from its channel's traits, not from Core.
extension ChannelKind {
    public static let email = ChannelKind("email")
    public static let sms = ChannelKind("sms")
    public static let voice = ChannelKind("voice")
    public static let dingtalk = ChannelKind("dingtalk")
    public static let wecom = ChannelKind("wecom")
    public static let feishu = ChannelKind("feishu")
    public static let slack = ChannelKind("slack")
    public static let teams = ChannelKind("teams")
    public static let discord = ChannelKind("discord")
    public static let webhook = ChannelKind("webhook")
    public static let log = ChannelKind("log")
}
