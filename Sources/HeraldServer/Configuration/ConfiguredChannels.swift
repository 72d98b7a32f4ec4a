import HeraldChannels
import HeraldCore
import Logging

extension HeraldConfiguration {
    /// The channels deliveries can go out on. Slack, Teams and Discord need no settings (the
    /// contact's address is the webhook URL); the others only exist when configured, and deliveries
    /// for a missing one become dead letters that fall back to the next channel.
    public func channels(logger: Logger) -> [any Channel] {
        var channels: [any Channel] = [LogChannel(logger: logger), SlackChannel(), TeamsChannel(), DiscordChannel()]
        if let webhookSecret { channels.append(WebhookChannel(secret: webhookSecret)) }
        if let smtp { channels.append(EmailChannel(settings: smtp)) }
        if let robot = robots[.dingtalk] { channels.append(DingTalkChannel(RobotEndpoint(webhookURL: robot.url, secret: robot.secret))) }
        if let weComURL { channels.append(WeComChannel(webhookURL: weComURL)) }
        if let robot = robots[.feishu] { channels.append(FeishuChannel(RobotEndpoint(webhookURL: robot.url, secret: robot.secret))) }
        if let sms { channels.append(sms.channel) }
        if let voice { channels.append(TwilioVoiceChannel(voice)) }
        return channels
    }
}
