import HeraldCore

/// The `sms` channel: one kind, sent through whichever provider `channels.sms.provider` names.
public enum SMSChannel: ChannelDefinition {
    /// Who sends SMS.
    public enum Settings: Sendable, TwilioSettings {
        case twilio(TwilioAccount)
        case aliyun(AliyunSMSChannel.Settings)

        public var twilioAccount: TwilioAccount? {
            if case .twilio(let account) = self { account } else { nil }
        }
    }

    /// Twilio reports delivery within minutes (Aliyun sends no receipts here); ten minutes without one
    /// hands the message to the fallback.
    public static let traits = ChannelTraits(kind: .sms, templateKind: .sms, group: .sms, address: .phoneNumber, confirmWithin: 600)

    public static let setup = ChannelSetup.section(settings(from:))

    /// The provider names `channels.sms.provider` accepts.
    enum Provider: String, CaseIterable {
        case twilio, aliyun
    }

    static func settings(from item: inout ObjectReader) -> Settings? {
        switch item.enumeration("provider", as: Provider.self) {
        case .twilio?:
            return TwilioAccount.settings(from: &item, allowsMessagingService: true).map(Settings.twilio)
        case .aliyun?:
            return AliyunSMSChannel.Settings.settings(from: &item).map(Settings.aliyun)
        case nil:
            if !item.contains("provider") { item.add([FieldError(item.path("provider"), "is required")]) }
            return nil
        }
    }

    public static func channel(_ settings: Settings, context: ChannelContext) -> any Channel {
        switch settings {
        case .twilio(let account): TwilioSMSChannel(account)
        case .aliyun(let aliyun): AliyunSMSChannel(aliyun, now: context.now)
        }
    }
}
