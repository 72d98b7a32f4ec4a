import HeraldChannels
import HeraldCore
import Logging

extension HeraldConfiguration {
    /// The channels deliveries can go out on: every registered channel that needs no settings, and
    /// the configured ones. Deliveries for a missing one become dead letters that fall back.
    public func channels(logger: Logger) -> [any Channel] {
        channelSettings.channels(ChannelContext(logger: logger, outbound: outboundClient))
    }

    /// The client contacts', subscribers' and IM webhooks are sent with, under `outbound`'s policy.
    public var outboundClient: OutboundClient { OutboundClient(policy: outbound, resolver: resolver) }

    /// The Twilio accounts whose status callbacks Herald takes at `/receipts/twilio`.
    public var receiptAccounts: [TwilioAccount] { channelSettings.twilioReceiptAccounts }
}
