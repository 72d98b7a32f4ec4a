import Foundation
import HeraldChannels
import HeraldCore

/// Who sends SMS.
public enum SMSProvider: Sendable {
    case twilio(TwilioAccount)
    case aliyun(AliyunSMSChannel.Settings)

    var channel: any Channel {
        switch self {
        case .twilio(let account): TwilioSMSChannel(account)
        case .aliyun(let settings): AliyunSMSChannel(settings)
        }
    }
}

extension HeraldConfiguration {
    /// The Twilio accounts whose status callbacks Herald takes at `/receipts/twilio`.
    public var receiptAccounts: [TwilioAccount] {
        var accounts: [TwilioAccount] = []
        if case .twilio(let account)? = sms, account.reportsReceipts { accounts.append(account) }
        if let voice, voice.reportsReceipts { accounts.append(voice) }
        return accounts
    }
}

/// The provider names `channels.sms.provider` accepts.
enum SMSProviderName: String, CaseIterable {
    case twilio, aliyun
}

/// Reads `channels.sms` and `channels.voice`.
func readTelephony(_ section: inout ObjectReader, into configuration: inout HeraldConfiguration) {
    if let sms = section.object("sms") {
        var item = ObjectReader(sms, prefix: "channels.sms.")
        switch item.enumeration("provider", as: SMSProviderName.self) {
        case .twilio?:
            configuration.sms = readTwilio(&item, prefix: "channels.sms.", allowsMessagingService: true).map(SMSProvider.twilio)
        case .aliyun?:
            let keyID = item.requiredString("access_key_id")
            let secret = item.requiredString("access_key_secret")
            let signName = item.requiredString("sign_name")
            let template = item.requiredString("template_code")
            let variable = item.string("template_variable") ?? "content"
            let endpoint = item.string("endpoint") ?? "https://dysmsapi.aliyuncs.com/"
            item.add(Validate.webURL(endpoint, field: "channels.sms.endpoint"))
            if let keyID, let secret, let signName, let template {
                configuration.sms = .aliyun(.init(
                    accessKeyID: keyID, accessKeySecret: secret, signName: signName, templateCode: template,
                    templateVariable: variable, endpoint: endpoint))
            }
        case nil:
            if !item.contains("provider") { item.add([FieldError("channels.sms.provider", "is required")]) }
        }
        section.add(item.errorsIncludingUnknown())
    }
    if let voice = section.object("voice") {
        var item = ObjectReader(voice, prefix: "channels.voice.")
        if item.enumeration("provider", as: VoiceProviderName.self) == nil, !item.contains("provider") {
            item.add([FieldError("channels.voice.provider", "is required")])
        }
        configuration.voice = readTwilio(&item, prefix: "channels.voice.", allowsMessagingService: false)
        section.add(item.errorsIncludingUnknown())
    }
}

/// Voice calls go through Twilio only.
enum VoiceProviderName: String, CaseIterable {
    case twilio
}

private func readTwilio(_ item: inout ObjectReader, prefix: String, allowsMessagingService: Bool) -> TwilioAccount? {
    let sid = item.requiredString("account_sid")
    let token = item.requiredString("auth_token")
    let from = item.string("from")
    let service = allowsMessagingService ? item.string("messaging_service_sid") : nil
    let callback = item.string("status_callback")
    let base = item.string("base_url") ?? "https://api.twilio.com"
    if let from { item.add(Validate.address(from, channel: .sms, field: prefix + "from")) }
    if from == nil && service == nil {
        item.add([FieldError(prefix + "from", allowsMessagingService ? "is required unless messaging_service_sid is set" : "is required")])
    }
    if let callback { item.add(Validate.webURL(callback, field: prefix + "status_callback")) }
    item.add(Validate.webURL(base, field: prefix + "base_url"))
    guard let sid, let token, from != nil || service != nil else { return nil }
    return TwilioAccount(
        accountSID: sid, authToken: token, from: from, messagingServiceSID: service, statusCallback: callback, baseURL: base)
}

/// Reads `delivery`: currency, per-message costs, monthly budgets, and the zone months start in.
func readCosts(_ value: JSONValue, into parent: inout ObjectReader, confirmations: inout ConfirmationTimeouts) -> CostPolicy {
    var policy = CostPolicy()
    var section = ObjectReader(value, prefix: "delivery.")
    if let currency = section.string("currency") {
        if currency.range(of: "^[A-Z]{3}$", options: .regularExpression) == nil {
            section.add([FieldError("delivery.currency", "must be an ISO 4217 code such as CNY or USD")])
        }
        policy.currency = currency
    }
    if let zone = section.string("budget_time_zone") {
        if let parsed = TimeZone(identifier: zone) { policy.timeZone = parsed } else {
            section.add([FieldError("delivery.budget_time_zone", "must be an IANA time zone such as Asia/Shanghai")])
        }
    }
    if let warn = section.number("budget_warn_at") {
        if (0...1).contains(warn) { policy.warnAt = warn } else { section.add([FieldError("delivery.budget_warn_at", "must be from 0 to 1")]) }
    }
    if let table = section.object("confirm_within") {
        var entries = ObjectReader(table, prefix: "delivery.confirm_within.")
        for channel in [ChannelKind.sms, .voice] {
            guard let seconds = entries.integer(channel.rawValue) else { continue }
            if seconds < 30 { entries.add([FieldError("delivery.confirm_within.\(channel.rawValue)", "must be at least 30 seconds")]) }
            confirmations.within[channel] = TimeInterval(seconds)
        }
        section.add(entries.errorsIncludingUnknown())
    }
    for (key, keyPath) in [("costs", \CostPolicy.perMessage), ("monthly_budgets", \CostPolicy.monthlyBudgets)] {
        guard let table = section.object(key) else { continue }
        var entries = ObjectReader(table, prefix: "delivery.\(key).")
        for channel in ChannelKind.allCases {
            guard let amount = entries.number(channel.rawValue) else { continue }
            if amount < 0 { entries.add([FieldError("delivery.\(key).\(channel.rawValue)", "must not be negative")]) }
            policy[keyPath: keyPath][channel] = amount
        }
        section.add(entries.errorsIncludingUnknown())
    }
    parent.add(section.errorsIncludingUnknown())
    return policy
}
