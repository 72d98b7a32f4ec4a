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
            switch body["msgtype"] as? String {
            case "markdown":
                let markdown = body["markdown"] as? [String: Any]
                if markdown?["title"] as? String == nil || markdown?["text"] as? String == nil { problems.append("body shape") }
            case "actionCard":
                // Independent jump: title, markdown text and btns of {title, actionURL}; singleTitle/singleURL would replace the buttons.
                let card = body["actionCard"] as? [String: Any] ?? [:]
                let documented: Set = ["title", "text", "btns", "btnOrientation", "singleTitle", "singleURL", "hideAvatar"]
                if !Set(card.keys).isSubset(of: documented) { problems.append("actionCard keys \(card.keys.sorted())") }
                if card["title"] as? String == nil || card["text"] as? String == nil { problems.append("actionCard title/text") }
                if card["singleTitle"] != nil || card["singleURL"] != nil { problems.append("singleURL replaces btns") }
                if let orientation = card["btnOrientation"], !["0", "1"].contains(orientation as? String ?? "") { problems.append("btnOrientation") }
                let buttons = card["btns"] as? [[String: Any]] ?? []
                if buttons.isEmpty || buttons.contains(where: {
                    Set($0.keys) != ["title", "actionURL"] || $0["title"] as? String == nil || !($0["actionURL"] as? String ?? "").hasPrefix("https://")
                }) { problems.append("btns") }
            default:
                problems.append("msgtype")
            }
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
            let channel = DingTalkChannel(RobotEndpoint(client: .local, webhookURL: "\(base)/robot/send?access_token=TOKEN", secret: secret))
            #expect(await channel.send(message) == .sent(providerID: nil, cost: nil))
            var byPhone = message
            byPhone.address = "+8613800000000"
            #expect(await channel.send(byPhone) == .sent(providerID: nil, cost: nil))
        }
        #expect(standIn.seen.allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map(\.problems))")
        let first = ProviderStandIn.json(try #require(standIn.request(0)).body)
        #expect((first["at"] as? [String: Any])?["atUserIds"] as? [String] == ["wang01"])
        #expect(((first["markdown"] as? [String: Any])?["text"] as? String)?.hasSuffix("@wang01") == true)
        #expect((ProviderStandIn.json(try #require(standIn.request(1)).body)["at"] as? [String: Any])?["atMobiles"] as? [String] == ["13800000000"])
    }

    /// A page's buttons, as both robots document them: the same signed link, acknowledge and resolve.
    static let page = OutgoingMessage(
        idempotencyKey: "incident:inc-1:step-0:wang:dingtalk", address: "wang01", subject: "【P1 紧急】payments down",
        body: "【P1 紧急】payments down\n\n告警 2 条", severity: .high,
        actions: [
            MessageAction(label: "确认", url: "https://herald.example.com/respond/TOKEN#acknowledge"),
            MessageAction(label: "解决", url: "https://herald.example.com/respond/TOKEN#resolve"),
        ])

    @Test func dingTalkSendsAPageWithButtonsAsASignedActionCard() async throws {
        let secret = "SEC0123456789abcdef"
        let standIn = Self.dingTalk(secret: secret, errcodes: Script([]))
        try await standIn.serve { base in
            let channel = DingTalkChannel(RobotEndpoint(client: .local, webhookURL: "\(base)/robot/send?access_token=TOKEN", secret: secret))
            #expect(await channel.send(Self.page) == .sent(providerID: nil, cost: nil))
        }
        #expect(standIn.seen.map(\.problems) == [[]])
        let body = ProviderStandIn.json(try #require(standIn.request(0)).body)
        #expect(body["msgtype"] as? String == "actionCard")
        let card = body["actionCard"] as? [String: Any]
        #expect(card?["title"] as? String == "【P1 紧急】payments down")
        #expect(card?["text"] as? String == Self.page.body)
        #expect(card?["btnOrientation"] as? String == "1")
        let buttons = (card?["btns"] as? [[String: String]]) ?? []
        #expect(buttons == [
            ["title": "确认", "actionURL": "https://herald.example.com/respond/TOKEN#acknowledge"],
            ["title": "解决", "actionURL": "https://herald.example.com/respond/TOKEN#resolve"],
        ])
    }

    @Test func dingTalkErrorsComeAsHTTP200AndAreReadFromErrcode() async throws {
        let standIn = Self.dingTalk(secret: "SECright", errcodes: Script([130101]))
        try await standIn.serve { base in
            let good = DingTalkChannel(RobotEndpoint(client: .local, webhookURL: "\(base)/robot/send?access_token=TOKEN", secret: "SECright"))
            #expect(await good.send(message) == .retryable(reason: "errcode 130101: send too fast, exceed 20 times per minute", retryAfter: 60))
            let wrong = DingTalkChannel(RobotEndpoint(client: .local, webhookURL: "\(base)/robot/send?access_token=TOKEN", secret: "SECwrong"))
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
            switch body["msg_type"] as? String {
            case "text":
                if (body["content"] as? [String: Any])?["text"] as? String == nil { problems.append("body shape") }
            case "interactive":
                // A message card: `card` beside the signature; a header with a plain_text title, elements of
                // div (lark_md text) and action (buttons with text and url).
                let card = body["card"] as? [String: Any] ?? [:]
                let title = (card["header"] as? [String: Any])?["title"] as? [String: Any]
                if title?["tag"] as? String != "plain_text" || title?["content"] as? String == nil { problems.append("card header") }
                let elements = card["elements"] as? [[String: Any]] ?? []
                for element in elements {
                    switch element["tag"] as? String {
                    case "div":
                        let text = element["text"] as? [String: Any]
                        if text?["tag"] as? String != "lark_md" || text?["content"] as? String == nil { problems.append("div text") }
                    case "action":
                        let buttons = element["actions"] as? [[String: Any]] ?? []
                        if buttons.isEmpty || buttons.contains(where: { button in
                            let text = button["text"] as? [String: Any]
                            return button["tag"] as? String != "button" || text?["tag"] as? String != "plain_text" || text?["content"] == nil
                                || !(button["url"] as? String ?? "").hasPrefix("https://")
                                || !["default", "primary", "danger"].contains(button["type"] as? String ?? "default")
                        }) { problems.append("buttons") }
                    default:
                        problems.append("element \(element["tag"] ?? "none")")
                    }
                }
                if body["content"] != nil { problems.append("content beside card") }
            default:
                problems.append("msg_type")
            }
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
            let channel = FeishuChannel(RobotEndpoint(client: .local, webhookURL: "\(base)/open-apis/bot/v2/hook/HOOK", secret: "fs-secret"))
            var person = message
            person.address = "ou_7d8a6e6df7621556ce0d21922b676706ccs"
            guard case .retryable = await channel.send(person) else { Issue.record("11232 is throttling"); return }
            #expect(await channel.send(person) == .sent(providerID: nil, cost: nil))
            let wrong = FeishuChannel(RobotEndpoint(client: .local, webhookURL: "\(base)/open-apis/bot/v2/hook/HOOK", secret: "other"))
            guard case .permanent(let reason) = await wrong.send(person) else { Issue.record("a bad sign is permanent"); return }
            #expect(reason.contains("19021"))
        }
        #expect(standIn.seen.prefix(2).allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map(\.problems))")
        let text = (ProviderStandIn.json(try #require(standIn.request(1)).body)["content"] as? [String: Any])?["text"] as? String
        #expect(text?.contains(#"<at user_id="ou_7d8a6e6df7621556ce0d21922b676706ccs"></at>"#) == true)
        #expect(text?.hasPrefix("停机维护通知\n\n### 停机维护通知") == true)
    }
}

extension IMRobotChannelTests {
    @Test func feishuSendsAPageWithButtonsAsASignedInteractiveCard() async throws {
        let standIn = Self.feishu(secret: "fs-secret", codes: Script([]))
        try await standIn.serve { base in
            let channel = FeishuChannel(RobotEndpoint(client: .local, webhookURL: "\(base)/open-apis/bot/v2/hook/HOOK", secret: "fs-secret"))
            var page = Self.page
            page.address = "ou_7d8a6e6df7621556ce0d21922b676706ccs"
            #expect(await channel.send(page) == .sent(providerID: nil, cost: nil))
        }
        #expect(standIn.seen.map(\.problems) == [[]])
        let body = ProviderStandIn.json(try #require(standIn.request(0)).body)
        #expect(body["msg_type"] as? String == "interactive")
        let card = body["card"] as? [String: Any]
        let header = card?["header"] as? [String: Any]
        #expect((header?["title"] as? [String: Any])?["content"] as? String == "【P1 紧急】payments down")
        #expect(header?["template"] as? String == "red")
        let elements = card?["elements"] as? [[String: Any]] ?? []
        let text = (elements.first?["text"] as? [String: Any])?["content"] as? String
        #expect(text == Self.page.body + "\n<at id=ou_7d8a6e6df7621556ce0d21922b676706ccs></at>")
        let buttons = (elements.last?["actions"] as? [[String: Any]] ?? []).map {
            [($0["text"] as? [String: Any])?["content"] as? String, $0["url"] as? String, $0["type"] as? String]
        }
        #expect(buttons == [
            ["确认", "https://herald.example.com/respond/TOKEN#acknowledge", "primary"],
            ["解决", "https://herald.example.com/respond/TOKEN#resolve", "default"],
        ])
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
            let channel = WeComChannel(client: .local, webhookURL: "\(base)/cgi-bin/webhook/send?key=KEY")
            let long = OutgoingMessage(
                idempotencyKey: "k", address: "zhangwei", subject: nil, body: String(repeating: "维护通知内容。", count: 400), severity: .medium)
            #expect(await channel.send(long) == .retryable(reason: "errcode 45009: api freq out of limit", retryAfter: 60))
            #expect(await channel.send(long) == .sent(providerID: nil, cost: nil))
            let wrongKey = WeComChannel(client: .local, webhookURL: "\(base)/cgi-bin/webhook/send?key=OTHER")
            #expect(await wrongKey.send(long) == .permanent(reason: "errcode 93000: invalid webhook url"))
        }
        #expect(standIn.seen.prefix(2).allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map(\.problems))")
        let content = (ProviderStandIn.json(try #require(standIn.request(1)).body)["markdown"] as? [String: Any])?["content"] as? String
        #expect(content?.hasSuffix("…\n<@zhangwei>") == true)
        #expect(content.map { $0.utf8.count <= 4096 && $0.utf8.count > 4000 } == true)
    }

    /// Buttons are markdown links (WeCom's markdown documents `[text](url)`), kept after a cut, before the mention.
    @Test func aPageCarriesItsButtonsAsMarkdownLinksEvenWhenCut() async throws {
        let standIn = Self.wecom(codes: Script([]))
        try await standIn.serve { base in
            let channel = WeComChannel(client: .local, webhookURL: "\(base)/cgi-bin/webhook/send?key=KEY")
            var page = IMRobotChannelTests.page
            page.address = "zhangwei"
            #expect(await channel.send(page) == .sent(providerID: nil, cost: nil))
            page.body = String(repeating: "告警详情。", count: 400)
            #expect(await channel.send(page) == .sent(providerID: nil, cost: nil))
        }
        #expect(standIn.seen.map(\.problems) == [[], []])
        let links = "[确认](https://herald.example.com/respond/TOKEN#acknowledge)　[解决](https://herald.example.com/respond/TOKEN#resolve)"
        let first = (ProviderStandIn.json(try #require(standIn.request(0)).body)["markdown"] as? [String: Any])?["content"] as? String
        #expect(first == IMRobotChannelTests.page.body + "\n\n" + links + "\n<@zhangwei>")
        let cut = (ProviderStandIn.json(try #require(standIn.request(1)).body)["markdown"] as? [String: Any])?["content"] as? String
        #expect(cut?.hasSuffix("…\n\n" + links + "\n<@zhangwei>") == true)
    }
}
