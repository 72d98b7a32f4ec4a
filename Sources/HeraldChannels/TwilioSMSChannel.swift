import Foundation
import HeraldCore

/// SMS through Twilio's Messages resource; the address is an E.164 number.
public struct TwilioSMSChannel: Channel {
    public let kind = ChannelKind.sms
    let account: TwilioAccount
    /// Twilio reports delivery to the status callback, when one is configured.
    public var confirmsDelivery: Bool { account.statusCallback != nil }

    public init(_ account: TwilioAccount) {
        self.account = account
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        var fields = [("To", message.address), ("Body", message.body)]
        if let service = account.messagingServiceSID {
            fields.append(("MessagingServiceSid", service))
        } else if let from = account.from {
            fields.append(("From", from))
        } else {
            return .permanent(reason: "Twilio needs a From number or a Messaging Service")
        }
        return await account.create("Messages", fields: fields)
    }
}
