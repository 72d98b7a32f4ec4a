import Foundation

/// The channels Herald has, by their traits, in the order the planner prefers them within a group.
public struct ChannelCatalogue: Sendable {
    public let all: [ChannelTraits]
    private let byKind: [ChannelKind: ChannelTraits]

    /// Two channels with one kind would make every lookup ambiguous, so that is a programming error.
    public init(_ traits: [ChannelTraits]) {
        all = traits
        byKind = Dictionary(traits.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in
            preconditionFailure("two channels declare the kind '\(first.kind)'")
        })
    }

    public subscript(kind: ChannelKind) -> ChannelTraits? { byKind[kind] }

    public var kinds: [ChannelKind] { all.map(\.kind) }

    /// The kinds in `group`, in catalogue order.
    public func kinds(in group: ChannelGroup) -> [ChannelKind] {
        all.filter { $0.group == group }.map(\.kind)
    }

    /// The channel named `name`, or the error saying which names there are.
    public func kind(named name: String, field: String) -> Result<ChannelKind, FieldError> {
        guard let kind = ChannelKind(rawValue: name), byKind[kind] != nil else {
            return .failure(FieldError(field, "is not a channel; channels are \(kinds.map(\.rawValue).joined(separator: ", "))"))
        }
        return .success(kind)
    }

    /// The problems with `address` as an address on `kind`.
    public func problems(address: String, on kind: ChannelKind, field: String) -> [FieldError] {
        guard let traits = byKind[kind] else { return [FieldError(field, "'\(kind)' is not a channel")] }
        return traits.address.problems(address, field: field)
    }

    /// Every channel's documented provider limits, for the `RateLimiter`.
    public var rateLimits: [ChannelKind: [RateLimit]] {
        Dictionary(uniqueKeysWithValues: all.filter { !$0.rateLimits.isEmpty }.map { ($0.kind, $0.rateLimits) })
    }

    /// How long each channel that may report delivery is waited on by default.
    public var confirmationWindows: [ChannelKind: TimeInterval] {
        Dictionary(uniqueKeysWithValues: all.compactMap { traits in traits.confirmWithin.map { (traits.kind, $0) } })
    }
}
