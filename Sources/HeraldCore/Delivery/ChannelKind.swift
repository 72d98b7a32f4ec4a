/// A way of reaching a person or system; one file per channel in HeraldChannels.
public enum ChannelKind: String, Sendable, Codable, CaseIterable {
    case email, sms, voice, dingtalk, wecom, feishu, slack, teams, discord, webhook, log

    /// The template kind whose rendering this channel sends.
    public var templateKind: TemplateKind {
        switch self {
        case .email: .email
        case .sms, .voice: .sms
        case .dingtalk, .wecom, .feishu, .slack, .teams, .discord, .log: .im
        case .webhook: .webhook
        }
    }
}
