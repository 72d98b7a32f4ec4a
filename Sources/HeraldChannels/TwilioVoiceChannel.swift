import Foundation
import HeraldCore

/// A phone call through Twilio's Calls resource that reads the message aloud twice.
public struct TwilioVoiceChannel: Channel {
    let account: TwilioAccount
    /// Twilio reports delivery to the status callback, when one is configured.
    public var confirmsDelivery: Bool { account.statusCallback != nil }
    /// Seconds to let it ring before Twilio gives up (no-answer).
    let ringSeconds: Int

    /// Twilio refuses inline TwiML longer than this.
    static let twimlLimit = 4000

    public init(_ account: TwilioAccount, ringSeconds: Int = 30) {
        self.account = account
        self.ringSeconds = ringSeconds
    }

    /// Deliveries carry rendered text, not its language; Chinese text is read with a Chinese voice.
    static func language(of text: String) -> String {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } ? "zh-CN" : "en-US"
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Said twice with a pause, because the first words are often lost while the phone reaches an ear.
    static func twiml(_ text: String) -> String {
        let language = language(of: text)
        var spoken = text
        func document(_ text: String) -> String {
            let say = "<Say language=\"\(language)\">\(escaped(text))</Say>"
            return "<Response>\(say)<Pause length=\"1\"/>\(say)</Response>"
        }
        while document(spoken).utf8.count > twimlLimit { spoken = String(spoken.dropLast(max(1, spoken.count / 10))) }
        return document(spoken)
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        guard let from = account.from else { return .permanent(reason: "Twilio calls need a From number") }
        return await account.create(
            "Calls", fields: [("To", message.address), ("From", from), ("Twiml", Self.twiml(message.body)), ("Timeout", String(ringSeconds))])
    }
}

extension TwilioVoiceChannel: ChannelDefinition {
    /// Answered calls confirm; a call nobody answered within five minutes hands over to the fallback.
    public static let traits = ChannelTraits(
        kind: .voice, templateKind: .sms, group: .voice, address: .phoneNumber, confirmWithin: 300)

    public static let setup = ChannelSetup.section(settings(from:))

    /// Voice calls go through Twilio only.
    enum Provider: String, CaseIterable {
        case twilio
    }

    /// `channels.voice`: `provider: twilio` and the account.
    static func settings(from item: inout ObjectReader) -> TwilioAccount? {
        if item.enumeration("provider", as: Provider.self) == nil, !item.contains("provider") {
            item.add([FieldError(item.path("provider"), "is required")])
        }
        return TwilioAccount.settings(from: &item, allowsMessagingService: false)
    }

    public static func channel(_ account: TwilioAccount, context: ChannelContext) -> any Channel {
        TwilioVoiceChannel(account)
    }
}
