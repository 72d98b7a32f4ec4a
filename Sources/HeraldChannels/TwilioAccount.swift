import AsyncHTTPClient
import Crypto
import Foundation
import HeraldCore
import NIOCore
import NIOHTTP1

/// A Twilio account as the SMS and voice channels use it: REST credentials and the sending number.
public struct TwilioAccount: Sendable {
    let client: HTTPClient
    let accountSID: String
    let authToken: String
    /// The Twilio number messages and calls come from (E.164).
    let from: String?
    /// Sends SMS through a Messaging Service instead of one number.
    let messagingServiceSID: String?
    /// Where Twilio posts status changes (queued, sent, delivered, …).
    let statusCallback: String?
    /// `https://api.twilio.com`; another base only to test against a stand-in.
    let baseURL: String
    let timeout: TimeAmount

    public init(
        client: HTTPClient = ProviderHTTP.client, accountSID: String, authToken: String, from: String?, messagingServiceSID: String? = nil,
        statusCallback: String? = nil, baseURL: String = "https://api.twilio.com", timeout: TimeAmount = .seconds(15)
    ) {
        self.client = client
        self.accountSID = accountSID
        self.authToken = authToken
        self.from = from
        self.messagingServiceSID = messagingServiceSID
        self.statusCallback = statusCallback
        self.baseURL = baseURL
        self.timeout = timeout
    }

    /// Twilio's `X-Twilio-Signature`: base64(HMAC-SHA1(auth token, URL + every POST parameter's name
    /// and value, sorted by name)), where URL is exactly the status callback Twilio was given.
    public static func signature(url: String, parameters: [String: String], authToken: String) -> String {
        let data = url + parameters.keys.sorted().map { $0 + parameters[$0]! }.joined()
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(data.utf8), using: SymmetricKey(data: Data(authToken.utf8)))
        return Data(mac).base64EncodedString()
    }

    /// Whether Twilio reports delivery for this account (a status callback is configured).
    public var reportsReceipts: Bool { statusCallback != nil }

    /// Whether a status callback came from Twilio for this account.
    public func signed(_ parameters: [String: String], signature: String) -> Bool {
        guard let statusCallback, parameters["AccountSid"] == accountSID else { return false }
        let expected = Self.signature(url: statusCallback, parameters: parameters, authToken: authToken)
        return expected.constantTimeEquals(signature)
    }

    /// POSTs a form to `/2010-04-01/Accounts/{Sid}/{resource}.json` with HTTP Basic auth.
    func create(_ resource: String, fields: [(String, String)]) async -> SendOutcome {
        var fields = fields
        if let statusCallback { fields.append(("StatusCallback", statusCallback)) }
        let url = "\(baseURL)/2010-04-01/Accounts/\(accountSID)/\(resource).json"
        let credentials = Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
        // Twilio has no idempotency key for creating messages or calls: a timeout after sending is not retried.
        let answer = await ProviderPost.send(
            client, url: url, contentType: "application/x-www-form-urlencoded", body: Data(FormBody.encode(fields).utf8),
            headers: [("Authorization", "Basic \(credentials)")], timeout: timeout, repeats: .notDeduplicated(provider: "Twilio"))
        switch answer {
        case .failed(let outcome):
            return outcome
        case .answered(let status, let headers, let body):
            return Self.outcome(status: status, headers: headers, body: body)
        }
    }

    /// 201 with the resource (`sid`, `price`); errors as `{code, message, more_info, status}`.
    static func outcome(status: UInt, headers: NIOHTTP1.HTTPHeaders, body: String) -> SendOutcome {
        let answer = ProviderPost.object(body) ?? [:]
        if (200..<300).contains(status) {
            // Twilio reports prices as negative amounts (money leaving the account), often only later.
            let price = (answer["price"] as? String).flatMap(Double.init).map(abs)
            return .sent(providerID: answer["sid"] as? String, cost: price)
        }
        let code = (answer["code"] as? Int).map { "Twilio \($0): " } ?? "HTTP \(status): "
        let reason = code + ((answer["message"] as? String) ?? String(body.prefix(200)))
        if status == 429 || status >= 500 {
            return .retryable(reason: reason, retryAfter: HTTPOutcome.retryAfter(headers))
        }
        return .permanent(reason: reason)
    }
}

extension TwilioAccount {
    /// The account fields of `channels.sms` (provider twilio) and `channels.voice`.
    static func settings(from item: inout ObjectReader, allowsMessagingService: Bool) -> TwilioAccount? {
        let sid = item.requiredString("account_sid")
        let token = item.requiredString("auth_token")
        let from = item.string("from")
        let service = allowsMessagingService ? item.string("messaging_service_sid") : nil
        let callback = item.string("status_callback")
        let base = item.string("base_url") ?? "https://api.twilio.com"
        if let from { item.add(Validate.phoneNumber(from, field: item.path("from"))) }
        if from == nil && service == nil {
            item.add([FieldError(item.path("from"), allowsMessagingService ? "is required unless messaging_service_sid is set" : "is required")])
        }
        if let callback { item.add(Validate.webURL(callback, field: item.path("status_callback"))) }
        item.add(Validate.webURL(base, field: item.path("base_url")))
        guard let sid, let token, from != nil || service != nil else { return nil }
        return TwilioAccount(
            accountSID: sid, authToken: token, from: from, messagingServiceSID: service, statusCallback: callback, baseURL: base)
    }
}

/// Channel settings that send through a Twilio account, whose status callbacks are delivery receipts.
public protocol TwilioSettings: Sendable {
    var twilioAccount: TwilioAccount? { get }
}

extension TwilioAccount: TwilioSettings {
    public var twilioAccount: TwilioAccount? { self }
}

extension ChannelSettings {
    /// The Twilio accounts whose status callbacks Herald takes at `/receipts/twilio`.
    public var twilioReceiptAccounts: [TwilioAccount] {
        all((any TwilioSettings).self).compactMap(\.twilioAccount).filter(\.reportsReceipts)
    }
}
