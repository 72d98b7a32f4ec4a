import Crypto
import Foundation
import HeraldChannels
import HeraldCore
import HeraldTestSupport
import Synchronization
import Testing

/// DingTalk and Feishu robots, against stand-ins that check requests as each provider documents them.
@Suite struct IMRobotChannelTests {
    let message = OutgoingMessage(
        idempotencyKey: "notice:n1:announcement:wang:dingtalk", address: "wang01", subject: "停机维护通知",
        body: "### 停机维护通知：支付系统升级维护\n\n- **维护时间**：…", severity: .medium)

    /// DingTalk custom robot: signed query, markdown body, errors as HTTP 200 with errcode.
    static func dingTalk(secret: String, errcodes: Script) -> ProviderStandIn {
        ProviderStandIn { seen in
            var problems: [String] = []
            if seen.path != "/robot/send" { problems.append("path \(seen.path)") }
            if seen.query["access_token"] != "TOKEN" { problems.append("access_token") }
            let timestamp = seen.query["timestamp"] ?? ""
            let millis = Int64(timestamp) ?? 0
            if abs(Int64(Date().timeIntervalSince1970 * 1000) - millis) > 3_600_000 { problems.append("timestamp not in ms within 1 h") }
            // Independent of Herald's code: base64(HmacSHA256(secret, timestamp + "\n" + secret)), URL-decoded by the server.
            let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp)\n\(secret)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
            if seen.query["sign"] != Data(mac).base64EncodedString() { problems.append("sign") }
            let body = ProviderStandIn.json(seen.body)
            let markdown = body["markdown"] as? [String: Any]
            if body["msgtype"] as? String != "markdown" || markdown?["title"] == nil || markdown?["text"] == nil { problems.append("body shape") }
            if !(seen.headers["content-type"] ?? "").hasPrefix("application/json") { problems.append("content type") }
            if !problems.isEmpty { return (.ok, #"{"errcode":310000,"errmsg":"sign not match"}"#, problems) }
            let code = errcodes.next()
            let reply = code == 0 ? #"{"errcode":0,"errmsg":"ok"}"# : #"{"errcode":\#(code),"errmsg":"send too fast, exceed 20 times per minute"}"#
            return (.ok, reply, [])
        }
    }

    @Test func dingTalkSignsInMillisecondsAndMentionsTheContact() async throws {
        let secret = "SEC0123456789abcdef"
        let standIn = Self.dingTalk(secret: secret, errcodes: Script([]))
        try await standIn.serve { base in
            let channel = DingTalkChannel(RobotEndpoint(webhookURL: "\(base)/robot/send?access_token=TOKEN", secret: secret))
            #expect(await channel.send(message) == .sent(providerID: nil, cost: nil))
            var byPhone = message
            byPhone.address = "+8613800000000"
            #expect(await channel.send(byPhone) == .sent(providerID: nil, cost: nil))
        }
        #expect(standIn.seen.allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map(\.problems))")
        let first = ProviderStandIn.json(standIn.seen[0].body)
        #expect((first["at"] as? [String: Any])?["atUserIds"] as? [String] == ["wang01"])
        #expect(((first["markdown"] as? [String: Any])?["text"] as? String)?.hasSuffix("@wang01") == true)
        #expect((ProviderStandIn.json(standIn.seen[1].body)["at"] as? [String: Any])?["atMobiles"] as? [String] == ["13800000000"])
    }

    @Test func dingTalkErrorsComeAsHTTP200AndAreReadFromErrcode() async throws {
        let standIn = Self.dingTalk(secret: "SECright", errcodes: Script([130101]))
        try await standIn.serve { base in
            let good = DingTalkChannel(RobotEndpoint(webhookURL: "\(base)/robot/send?access_token=TOKEN", secret: "SECright"))
            #expect(await good.send(message) == .retryable(reason: "errcode 130101: send too fast, exceed 20 times per minute", retryAfter: 60))
            let wrong = DingTalkChannel(RobotEndpoint(webhookURL: "\(base)/robot/send?access_token=TOKEN", secret: "SECwrong"))
            #expect(await wrong.send(message) == .permanent(reason: "errcode 310000: sign not match"))
        }
    }

    /// Feishu custom bot: timestamp in seconds and sign inside the body, key and message reversed.
    static func feishu(secret: String, codes: Script) -> ProviderStandIn {
        ProviderStandIn { seen in
            var problems: [String] = []
            let body = ProviderStandIn.json(seen.body)
            let timestamp = body["timestamp"] as? String ?? ""
            if abs(Int64(Date().timeIntervalSince1970) - (Int64(timestamp) ?? 0)) > 3600 { problems.append("timestamp not in seconds within 1 h") }
            let mac = HMAC<SHA256>.authenticationCode(for: Data(), using: SymmetricKey(data: Data("\(timestamp)\n\(secret)".utf8)))
            if body["sign"] as? String != Data(mac).base64EncodedString() { problems.append("sign") }
            if body["msg_type"] as? String != "text" || (body["content"] as? [String: Any])?["text"] == nil { problems.append("body shape") }
            if seen.path != "/open-apis/bot/v2/hook/HOOK" { problems.append("path") }
            if seen.body.utf8.count > 20 * 1024 { problems.append("body over 20 KB") }
            if !problems.isEmpty { return (.ok, #"{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}"#, problems) }
            let code = codes.next()
            return (.ok, code == 0 ? #"{"code":0,"msg":"success","data":{}}"# : #"{"code":\#(code),"msg":"request trigger frequency limit"}"#, [])
        }
    }

    @Test func feishuSignsInSecondsWithTheKeyAndMessageReversed() async throws {
        let standIn = Self.feishu(secret: "fs-secret", codes: Script([11232]))
        try await standIn.serve { base in
            let channel = FeishuChannel(RobotEndpoint(webhookURL: "\(base)/open-apis/bot/v2/hook/HOOK", secret: "fs-secret"))
            var person = message
            person.address = "ou_7d8a6e6df7621556ce0d21922b676706ccs"
            guard case .retryable = await channel.send(person) else { Issue.record("11232 is throttling"); return }
            #expect(await channel.send(person) == .sent(providerID: nil, cost: nil))
            let wrong = FeishuChannel(RobotEndpoint(webhookURL: "\(base)/open-apis/bot/v2/hook/HOOK", secret: "other"))
            guard case .permanent(let reason) = await wrong.send(person) else { Issue.record("a bad sign is permanent"); return }
            #expect(reason.contains("19021"))
        }
        #expect(standIn.seen.prefix(2).allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map(\.problems))")
        let text = (ProviderStandIn.json(standIn.seen[1].body)["content"] as? [String: Any])?["text"] as? String
        #expect(text?.contains(#"<at user_id="ou_7d8a6e6df7621556ce0d21922b676706ccs"></at>"#) == true)
        #expect(text?.hasPrefix("停机维护通知\n\n### 停机维护通知") == true)
    }
}

/// The codes a stand-in answers with, in order; success (0) once they run out.
final class Script: Sendable {
    private let codes: Mutex<[Int]>
    init(_ codes: [Int]) { self.codes = Mutex(codes) }
    func next() -> Int { codes.withLock { $0.isEmpty ? 0 : $0.removeFirst() } }
}

/// WeCom group robot, against a stand-in that checks the request as WeCom documents it.
@Suite struct WeComChannelTests {
    static func wecom(codes: Script) -> ProviderStandIn {
        ProviderStandIn { seen in
            var problems: [String] = []
            if seen.path != "/cgi-bin/webhook/send" { problems.append("path") }
            if seen.query["key"] != "KEY" { return (.ok, #"{"errcode":93000,"errmsg":"invalid webhook url"}"#, ["key"]) }
            let body = ProviderStandIn.json(seen.body)
            let content = (body["markdown"] as? [String: Any])?["content"] as? String
            if body["msgtype"] as? String != "markdown" || content == nil { problems.append("body shape") }
            if (content?.utf8.count ?? 0) > 4096 { problems.append("markdown content over 4096 bytes") }
            if !problems.isEmpty { return (.ok, #"{"errcode":40008,"errmsg":"invalid message type"}"#, problems) }
            let code = codes.next()
            return (.ok, code == 0 ? #"{"errcode":0,"errmsg":"ok"}"# : #"{"errcode":\#(code),"errmsg":"api freq out of limit"}"#, [])
        }
    }

    @Test func aMessageIsPostedAsMarkdownWithAMentionAndCutToTheLimit() async throws {
        let standIn = Self.wecom(codes: Script([45009]))
        try await standIn.serve { base in
            let channel = WeComChannel(webhookURL: "\(base)/cgi-bin/webhook/send?key=KEY")
            let long = OutgoingMessage(
                idempotencyKey: "k", address: "zhangwei", subject: nil, body: String(repeating: "维护通知内容。", count: 400), severity: .medium)
            #expect(await channel.send(long) == .retryable(reason: "errcode 45009: api freq out of limit", retryAfter: 60))
            #expect(await channel.send(long) == .sent(providerID: nil, cost: nil))
            let wrongKey = WeComChannel(webhookURL: "\(base)/cgi-bin/webhook/send?key=OTHER")
            #expect(await wrongKey.send(long) == .permanent(reason: "errcode 93000: invalid webhook url"))
        }
        #expect(standIn.seen.prefix(2).allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map(\.problems))")
        let content = (ProviderStandIn.json(standIn.seen[1].body)["markdown"] as? [String: Any])?["content"] as? String
        #expect(content?.hasSuffix("…\n<@zhangwei>") == true)
        #expect(content.map { $0.utf8.count <= 4096 && $0.utf8.count > 4000 } == true)
    }
}
