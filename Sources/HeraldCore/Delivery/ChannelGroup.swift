/// A family of channels the planner and the fallback chains reason about: a channel declares its
/// group in its traits, and `im` in a plan stands for every IM channel the contact has an address on.
public enum ChannelGroup: String, Sendable, Codable, CaseIterable {
    case email, sms, voice, im, webhook

    /// Where a message goes next when its group's channel fails for good: IM → SMS → voice.
    public static let standardFallbacks: [ChannelGroup: ChannelGroup] = [.im: .sms, .sms: .voice]
}
