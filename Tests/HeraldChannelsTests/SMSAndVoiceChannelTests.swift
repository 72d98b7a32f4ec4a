import Crypto
import Foundation
import FoundationXML
import HeraldChannels
import HeraldCore
import HeraldTestSupport
import Synchronization
import Testing

/// Twilio SMS and voice, against a stand-in that checks Basic auth and the form fields Twilio documents.
@Suite struct TwilioChannelTests {
    let sms = OutgoingMessage(
        idempotencyKey: "notice:n1:start:li:sms", address: "+8613800000000", subject: nil,
        body: "【维护】支付系统维护已开始，预计12月1日 04:00(UTC+8)恢复。咨询：400-000-0000 -运维部", severity: .high)

    static func twilio(resource: String, required: [String], replies: Replies) -> ProviderStandIn {
        ProviderStandIn(reply: { seen in
            let expected = "Basic " + Data("AC123:secret-token".utf8).base64EncodedString()
            if seen.headers["authorization"] != expected {
                return .init(.unauthorized, #"{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}"#, problems: ["auth"])
            }
            var problems: [String] = []
            if seen.path != "/2010-04-01/Accounts/AC123/\(resource).json" { problems.append("path \(seen.path)") }
            if seen.headers["content-type"] != "application/x-www-form-urlencoded" { problems.append("content type") }
            let form = ProviderStandIn.form(seen.body)
            for field in required where (form[field] ?? "").isEmpty { problems.append("missing \(field)") }
            if form["To"]?.range(of: #"^\+[1-9][0-9]{6,14}$"#, options: .regularExpression) == nil { problems.append("To not E.164") }
            if !problems.isEmpty { return .init(.badRequest, #"{"code":21604,"message":"A 'To' phone number is required.","status":400}"#, problems: problems) }
            return replies.next()
        })
    }

    func account(_ base: String, token: String = "secret-token") -> TwilioAccount {
        TwilioAccount(client: .local, accountSID: "AC123", authToken: token, from: "+15005550006", statusCallback: "https://herald.example.com/receipts", baseURL: base)
    }

    @Test func smsIsCreatedWithItsSidAndPriceAndErrorsAreReadFromTheirCode() async throws {
        let replies = Replies([
            .init(.created, #"{"sid":"SM0123456789abcdef","status":"queued","price":"-0.04500","price_unit":"USD","num_segments":"1"}"#),
            .init(.tooManyRequests, #"{"code":20429,"message":"Too Many Requests","more_info":"https://www.twilio.com/docs/errors/20429","status":429}"#),
            .init(.badRequest, #"{"code":21211,"message":"The 'To' number +8613800000000 is not a valid phone number.","more_info":"https://www.twilio.com/docs/errors/21211","status":400}"#),
        ])
        let standIn = Self.twilio(resource: "Messages", required: ["To", "From", "Body", "StatusCallback"], replies: replies)
        try await standIn.serve { base in
            let channel = TwilioSMSChannel(account(base))
            #expect(await channel.send(sms) == .sent(providerID: "SM0123456789abcdef", cost: 0.045))
            #expect(await channel.send(sms) == .retryable(reason: "Twilio 20429: Too Many Requests", retryAfter: nil))
            #expect(await channel.send(sms) == .permanent(reason: "Twilio 21211: The 'To' number +8613800000000 is not a valid phone number."))
            #expect(await TwilioSMSChannel(account(base, token: "wrong")).send(sms) == .permanent(reason: "Twilio 20003: Authenticate"))
        }
        #expect(standIn.seen.prefix(3).allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map { $0.problems })")
        #expect(ProviderStandIn.form(try #require(standIn.request(0)).body)["Body"] == sms.body)
    }

    @Test func callsReadTheMessageTwiceInItsLanguage() async throws {
        let replies = Replies([
            .init(.created, #"{"sid":"CA0123456789abcdef","status":"queued","price":null}"#),
            .init(.created, #"{"sid":"CA0123456789abcdeg","status":"queued","price":null}"#),
        ])
        let standIn = Self.twilio(resource: "Calls", required: ["To", "From", "Twiml", "Timeout"], replies: replies)
        try await standIn.serve { base in
            let channel = TwilioVoiceChannel(account(base))
            #expect(await channel.send(sms) == .sent(providerID: "CA0123456789abcdef", cost: nil))
            var english = sms
            english.body = "Payments <API> & checkout are down. Call 555-0100."
            #expect(await channel.send(english) == .sent(providerID: "CA0123456789abcdeg", cost: nil))
        }
        #expect(standIn.seen.allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map { $0.problems })")
        for (index, (language, text)) in [("zh-CN", sms.body), ("en-US", "Payments <API> & checkout are down. Call 555-0100.")].enumerated() {
            let twiml = ProviderStandIn.form(standIn.seen[index].body)["Twiml"] ?? ""
            let document = try XMLDocument(xmlString: twiml)
            let says = try document.nodes(forXPath: "/Response/Say")
            #expect(says.count == 2)
            #expect(says.allSatisfy { $0.stringValue == text && ($0 as? XMLElement)?.attribute(forName: "language")?.stringValue == language })
        }
    }
}

/// Aliyun SendSms, against a stand-in that recomputes the RPC signature from the documentation.
@Suite struct AliyunSMSChannelTests {
    let message = OutgoingMessage(
        idempotencyKey: "notice:n1:start:li:sms", address: "+8613800000000", subject: nil,
        body: "支付系统维护已开始，详见 https://status.example.com ，预计04:00恢复 (UTC+8) *请勿回复*~", severity: .high)

    /// RFC 3986 over UTF-8 bytes, written independently of Herald's encoder.
    static func encode(_ text: String) -> String {
        text.utf8.map { byte -> String in
            let character = Character(UnicodeScalar(byte))
            if byte < 128 && (character.isLetter || character.isNumber || "-_.~".contains(character)) { return String(character) }
            return String(format: "%%%02X", byte)
        }.joined()
    }

    static func expectedSignature(_ form: [String: String], secret: String) -> String {
        let canonical = form.filter { $0.key != "Signature" }.sorted { $0.key < $1.key }
            .map { "\(encode($0.key))=\(encode($0.value))" }.joined(separator: "&")
        let stringToSign = "POST&" + encode("/") + "&" + encode(canonical)
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(stringToSign.utf8), using: SymmetricKey(data: Data((secret + "&").utf8)))
        return Data(mac).base64EncodedString()
    }

    static func aliyun(secret: String, replies: Replies) -> ProviderStandIn {
        let nonces = Mutex<Set<String>>([])
        return ProviderStandIn(reply: { seen in
            let form = ProviderStandIn.form(seen.body)
            if form["Signature"] != expectedSignature(form, secret: secret) {
                return .init(.badRequest, #"{"RequestId":"R1","Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation."}"#, problems: ["signature"])
            }
            var problems: [String] = []
            let fixed = ["Action": "SendSms", "Version": "2017-05-25", "Format": "JSON", "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
                         "AccessKeyId": "LTAI-test", "SignName": "某某科技", "TemplateCode": "SMS_123456789"]
            for (key, value) in fixed where form[key] != value { problems.append(key) }
            if form["PhoneNumbers"] != "13800000000" { problems.append("PhoneNumbers") }
            if form["Timestamp"]?.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression) == nil { problems.append("Timestamp") }
            if !nonces.withLock({ $0.insert(form["SignatureNonce"] ?? "").inserted }) { problems.append("nonce reused") }
            let param = ProviderStandIn.json(form["TemplateParam"] ?? "")
            if (param["content"] as? String ?? "").contains("http") { problems.append("URL in a template variable") }
            if form["OutId"] != "notice:n1:start:li:sms" { problems.append("OutId") }
            if !problems.isEmpty { return .init(.ok, #"{"RequestId":"R2","Code":"isv.INVALID_PARAMETERS","Message":"参数异常"}"#, problems: problems) }
            return replies.next()
        })
    }

    func settings(_ base: String, secret: String = "aliyun-secret", timeout: Duration = .seconds(10)) -> AliyunSMSChannel.Settings {
        .init(client: .local, accessKeyID: "LTAI-test", accessKeySecret: secret, signName: "某某科技", templateCode: "SMS_123456789",
              endpoint: "\(base)/", timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
    }

    @Test func sendSmsIsSignedAndCodesDecideTheOutcome() async throws {
        let replies = Replies([
            .init(.ok, #"{"RequestId":"R3","Code":"OK","Message":"OK","BizId":"900619746936498440^0"}"#),
            .init(.ok, #"{"RequestId":"R4","Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发分钟级流控Permits:1"}"#),
            .init(.ok, #"{"RequestId":"R5","Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":"非法手机号"}"#),
        ])
        let standIn = Self.aliyun(secret: "aliyun-secret", replies: replies)
        try await standIn.serve { base in
            let channel = AliyunSMSChannel(settings(base))
            #expect(await channel.send(message) == .sent(providerID: "900619746936498440^0", cost: nil))
            #expect(await channel.send(message) == .retryable(reason: "isv.BUSINESS_LIMIT_CONTROL: 触发分钟级流控Permits:1", retryAfter: 60))
            #expect(await channel.send(message) == .permanent(reason: "isv.MOBILE_NUMBER_ILLEGAL: 非法手机号"))
            let wrongSecret = AliyunSMSChannel(settings(base, secret: "wrong"))
            #expect(await wrongSecret.send(message) == .permanent(reason: "SignatureDoesNotMatch: Specified signature is not matched with our calculation."))
        }
        #expect(standIn.seen.prefix(3).allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map { $0.problems })")
        let param = ProviderStandIn.json(ProviderStandIn.form(try #require(standIn.request(0)).body)["TemplateParam"] ?? "")
        #expect(param["content"] as? String == "支付系统维护已开始，详见  ，预计04:00恢复 (UTC+8) *请勿回复*~")
    }

    /// SendSms does not deduplicate: an answer that never came is not retried, so the fallback takes over.
    @Test func aTimeoutAfterSendingIsNotRetried() async throws {
        let replies = Replies([.init(.ok, #"{"Code":"OK","BizId":"1^0"}"#, delay: .seconds(5))])
        let standIn = Self.aliyun(secret: "aliyun-secret", replies: replies)
        try await standIn.serve { base in
            let outcome = await AliyunSMSChannel(settings(base, timeout: .seconds(2))).send(message)
            guard case .permanent(let reason) = outcome else {
                Issue.record("expected a final outcome, got \(outcome)")
                return
            }
            #expect(reason.contains("not retried because Aliyun would send it twice"))
        }
        #expect(standIn.seen.count == 1)
    }
}
