import AsyncHTTPClient
import Crypto
import Foundation
import HeraldCore
import NIOCore

/// SMS through Aliyun's SendSms (阿里云短信), an RPC-style API signed with HMAC-SHA1.
///
/// Aliyun only sends approved templates, so the message goes into one variable of the operator's
/// template (`${content}` by default). URLs are not allowed in template variables and are removed.
/// SendSms does not deduplicate, so a request that may have reached Aliyun is never repeated.
public struct AliyunSMSChannel: Channel {
    public let kind = ChannelKind.sms
    let settings: Settings
    let now: @Sendable () -> Date
    let nonce: @Sendable () -> String

    /// An Aliyun account's SMS settings.
    public struct Settings: Sendable {
        let client: HTTPClient
        let accessKeyID: String
        let accessKeySecret: String
        /// The approved signature (签名), e.g. 某某科技.
        let signName: String
        let templateCode: String
        /// The template variable the message goes into.
        let templateVariable: String
        /// `https://dysmsapi.aliyuncs.com/`; another address only to test against a stand-in.
        let endpoint: String
        let timeout: TimeAmount

        public init(
            client: HTTPClient = ProviderHTTP.client, accessKeyID: String, accessKeySecret: String, signName: String, templateCode: String,
            templateVariable: String = "content", endpoint: String = "https://dysmsapi.aliyuncs.com/", timeout: TimeAmount = .seconds(15)
        ) {
            self.client = client
            self.accessKeyID = accessKeyID
            self.accessKeySecret = accessKeySecret
            self.signName = signName
            self.templateCode = templateCode
            self.templateVariable = templateVariable
            self.endpoint = endpoint
            self.timeout = timeout
        }
    }

    public init(
        _ settings: Settings, now: @escaping @Sendable () -> Date = { Date() },
        nonce: @escaping @Sendable () -> String = { UUID().uuidString }
    ) {
        self.settings = settings
        self.now = now
        self.nonce = nonce
    }

    /// `base64(HmacSHA1(secret + "&", "POST&%2F&" + encode(sorted, encoded k=v joined by &)))`.
    public static func signature(parameters: [(String, String)], secret: String) -> String {
        let canonical = parameters.sorted { $0.0 < $1.0 }
            .map { "\(FormBody.percentEncode($0.0))=\(FormBody.percentEncode($0.1))" }
            .joined(separator: "&")
        let stringToSign = "POST&%2F&" + FormBody.percentEncode(canonical)
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(stringToSign.utf8), using: SymmetricKey(data: Data("\(secret)&".utf8)))
        return Data(mac).base64EncodedString()
    }

    /// Mainland numbers go without +86; others keep their country code without the plus.
    static func phoneNumber(_ e164: String) -> String {
        e164.hasPrefix("+86") ? String(e164.dropFirst(3)) : String(e164.drop { $0 == "+" })
    }

    static func withoutURLs(_ text: String) -> String {
        text.replacingOccurrences(of: #"https?://\S+"#, with: "", options: .regularExpression)
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        let variables = [settings.templateVariable: Self.withoutURLs(message.body)]
        guard let param = try? JSONSerialization.data(withJSONObject: variables, options: [.sortedKeys]) else {
            return .permanent(reason: "the template variables could not be encoded")
        }
        let timestamp = ISO8601DateFormatter().string(from: now())
        var parameters: [(String, String)] = [
            ("Action", "SendSms"), ("Version", "2017-05-25"), ("PhoneNumbers", Self.phoneNumber(message.address)),
            ("SignName", settings.signName), ("TemplateCode", settings.templateCode),
            ("TemplateParam", String(decoding: param, as: UTF8.self)), ("OutId", String(message.idempotencyKey.prefix(256))),
            ("AccessKeyId", settings.accessKeyID), ("Format", "JSON"), ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"), ("SignatureNonce", nonce()), ("Timestamp", timestamp),
        ]
        parameters.append(("Signature", Self.signature(parameters: parameters, secret: settings.accessKeySecret)))
        let answer = await ProviderPost.send(
            settings.client, url: settings.endpoint, contentType: "application/x-www-form-urlencoded",
            body: Data(FormBody.encode(parameters).utf8), timeout: settings.timeout, repeats: .notDeduplicated(provider: "Aliyun"))
        switch answer {
        case .failed(let outcome):
            return outcome
        case .answered(let status, _, let body):
            return Self.outcome(status: status, body: body)
        }
    }

    /// `Code` decides: OK is sent; throttling and Aliyun's own failures are retried; the rest is final.
    static func outcome(status: UInt, body: String) -> SendOutcome {
        guard let answer = ProviderPost.object(body), let code = answer["Code"] as? String else {
            return status >= 500 || status == 429
                ? .retryable(reason: "HTTP \(status): \(body.prefix(200))", retryAfter: nil)
                : .permanent(reason: "HTTP \(status): \(body.prefix(200))")
        }
        let detail = "\(code): \(answer["Message"] as? String ?? "")"
        switch code {
        case "OK":
            return .sent(providerID: answer["BizId"] as? String, cost: nil)
        case "isv.BUSINESS_LIMIT_CONTROL", "Throttling.User", "Throttling":
            // Per-number limits run per minute, hour and day; a minute is the first window worth trying.
            return .retryable(reason: detail, retryAfter: 60)
        case "isp.SYSTEM_ERROR", "ServiceUnavailable", "InternalError":
            return .retryable(reason: detail, retryAfter: nil)
        default:
            return .permanent(reason: detail)
        }
    }
}

extension AliyunSMSChannel.Settings {
    /// The Aliyun fields of `channels.sms`: the access key, the approved signature and template.
    static func settings(from item: inout ObjectReader) -> Self? {
        let keyID = item.requiredString("access_key_id")
        let secret = item.requiredString("access_key_secret")
        let signName = item.requiredString("sign_name")
        let template = item.requiredString("template_code")
        let variable = item.string("template_variable") ?? "content"
        let endpoint = item.string("endpoint") ?? "https://dysmsapi.aliyuncs.com/"
        item.add(Validate.webURL(endpoint, field: item.path("endpoint")))
        guard let keyID, let secret, let signName, let template else { return nil }
        return .init(
            accessKeyID: keyID, accessKeySecret: secret, signName: signName, templateCode: template, templateVariable: variable,
            endpoint: endpoint)
    }
}
