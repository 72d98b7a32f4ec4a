import HeraldCore

/// Every channel Herald can send on, one line each. The order is the planner's preference within a
/// group (the IM channels are tried in this order) and the order channels are listed in.
public enum Channels {
    public static let all: [any ChannelDefinition.Type] = [
        EmailChannel.self,
        SMSChannel.self,
        TwilioVoiceChannel.self,
        DingTalkChannel.self,
        WeComChannel.self,
        FeishuChannel.self,
        SlackChannel.self,
        TeamsChannel.self,
        DiscordChannel.self,
        WebhookChannel.self,
        LogChannel.self,
        MattermostChannel.self,
        NtfyChannel.self,
    ]

    /// What Core plans, checks and limits with.
    public static let catalogue = ChannelCatalogue(all.map { $0.traits })

    /// The standard plan and fallback chains over these channels.
    public static let planner = ChannelPlanner(catalogue: catalogue)
}
