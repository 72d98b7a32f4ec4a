import Foundation
import HeraldChannels
import HeraldCore
import HeraldTestSupport
import Testing

/// Mattermost incoming webhooks, against a stand-in that checks requests as Mattermost's docs and
/// source (web/webhook.go, model/incoming_webhook.go) describe them and answers as its handlers do.
@Suite struct MattermostChannelTests {
    let message = OutgoingMessage(
        idempotencyKey: "incident:i1:step-0:wang:mattermost", address: "wang.wei", subject: "【紧急】支付网关不可用",
        body: "#### 【紧急】支付网关不可用\n\n事件编号：i1（alertmanager）", severity: .high)

    /// The fields `IncomingWebhookRequest` decodes; anything else is silently dropped by Mattermost.
    static let documented: Set = ["text", "channel", "username", "icon_url", "icon_emoji", "attachments", "props", "priority", "type"]

    static func invalid(_ problems: [String]) -> ProviderStandIn.Reply {
        .init(
            .badRequest,
            #"{"id":"web.incoming_webhook.parse.app_error","message":"Unable to parse incoming data.","detailed_error":"","request_id":"hoan6o9ws7rp5xj7wu9rmysrte","status_code":400}"#,
            problems: problems)
    }

    /// Checks one request; a request that follows the documentation gets the next scripted reply.
    static func standIn(_ replies: Replies) -> ProviderStandIn {
        ProviderStandIn(reply: { seen in
            var problems: [String] = []
            if seen.path != "/hooks/abc123xyz" { problems.append("path \(seen.path)") }
            if !(seen.headers["content-type"] ?? "").hasPrefix("application/json") { problems.append("content type") }
            let body = ProviderStandIn.json(seen.body)
            if body.isEmpty { problems.append("not a JSON object") }
            let unknown = Set(body.keys).subtracting(documented)
            if !unknown.isEmpty { problems.append("undocumented fields \(unknown.sorted())") }
            let text = body["text"] as? String ?? ""
            if text.isEmpty { problems.append("no text") }
            if text.unicodeScalars.count > 16383 { problems.append("text over 16383 runes would be split into several posts") }
            if let priority = body["priority"] {
                let object = priority as? [String: Any] ?? [:]
                if !["urgent", "important"].contains(object["priority"] as? String ?? "") { problems.append("priority.priority") }
                if object["requested_ack"] != nil, !(object["requested_ack"] is Bool) { problems.append("requested_ack is a bool") }
            }
            return problems.isEmpty ? replies.next() : invalid(problems)
        })
    }

    static let settings = MattermostChannel.Settings(url: "", username: "herald", iconURL: "https://status.example.com/icon.png", channel: "oncall")

    @Test func aHighSeverityPageMentionsTheContactAsksForAnAcknowledgementAndAnOkIsSent() async throws {
        let standIn = Self.standIn(Replies([
            .init(.ok, "ok", headers: ["Content-Type": "text/plain", "X-Request-Id": "m9pctmeoxbfe5fupnd8k4swsbo"]),
            .init(.ok, "ok", headers: ["Content-Type": "text/plain"]),
        ]))
        try await standIn.serve { base in
            var settings = Self.settings
            settings.url = "\(base)/hooks/abc123xyz"
            let channel = MattermostChannel(client: .local, settings: settings)
            #expect(await channel.send(message) == .sent(providerID: nil, cost: nil))
            var medium = message
            medium.severity = .medium
            #expect(await channel.send(medium) == .sent(providerID: nil, cost: nil))
        }
        #expect(standIn.seen.allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map(\.problems))")
        let page = ProviderStandIn.json(try #require(standIn.request(0)).body)
        #expect(page["text"] as? String == "#### 【紧急】支付网关不可用\n\n事件编号：i1（alertmanager）\n\n@wang.wei")
        #expect(page["username"] as? String == "herald" && page["channel"] as? String == "oncall")
        #expect(page["icon_url"] as? String == "https://status.example.com/icon.png")
        let priority = page["priority"] as? [String: Any]
        #expect(priority?["priority"] as? String == "urgent" && priority?["requested_ack"] as? Bool == true)
        #expect(ProviderStandIn.json(try #require(standIn.request(1)).body)["priority"] == nil, "only high severity is prioritised")
    }

    @Test func refusalsArePermanentAndThrottlingAndServerErrorsAreRetried() async throws {
        let standIn = Self.standIn(Replies([
            .init(.badRequest, #"{"id":"web.incoming_webhook.invalid.app_error","message":"Invalid webhook.","detailed_error":"","request_id":"hoan6o9ws7rp5xj7wu9rmysrte","status_code":400}"#),
            .init(.notFound, #"{"id":"web.incoming_webhook.channel.app_error","message":"Couldn't find the channel.","detailed_error":"","request_id":"7bx4ys8tdjrxmbmqsk6cskyhnh","status_code":404}"#),
            .init(.notImplemented, #"{"id":"web.incoming_webhook.disabled.app_error","message":"Incoming webhooks have been disabled by the system admin.","detailed_error":"","request_id":"z1bn9ctn6tyb3bxi8pc3e6bswo","status_code":501}"#),
            // The optional rate limiter answers with http.Error: plain text, not JSON.
            .init(.tooManyRequests, "limit exceeded\n", headers: [
                "Content-Type": "text/plain; charset=utf-8", "Retry-After": "1", "X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": "1",
            ]),
            // Hardened mode blanks the id and message of 5xx errors.
            .init(.internalServerError, #"{"id":"","message":"Internal Server Error","detailed_error":"","request_id":"q6yhwxzhcbbc3n7e4m9pgjw3ur","status_code":500}"#),
        ]))
        try await standIn.serve { base in
            var settings = Self.settings
            settings.url = "\(base)/hooks/abc123xyz"
            let channel = MattermostChannel(client: .local, settings: settings)
            #expect(await channel.send(message) == .permanent(reason: "HTTP 400 web.incoming_webhook.invalid.app_error: Invalid webhook."))
            #expect(await channel.send(message) == .permanent(reason: "HTTP 404 web.incoming_webhook.channel.app_error: Couldn't find the channel."))
            #expect(await channel.send(message) == .permanent(
                reason: "HTTP 501 web.incoming_webhook.disabled.app_error: Incoming webhooks have been disabled by the system admin."))
            #expect(await channel.send(message) == .retryable(reason: "HTTP 429: limit exceeded", retryAfter: 1))
            #expect(await channel.send(message) == .retryable(reason: "HTTP 500: Internal Server Error", retryAfter: nil))
        }
        #expect(standIn.seen.count == 5)
        #expect(standIn.seen.allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map(\.problems))")
    }

    @Test func longTextIsCutToOnePostAndKeepsTheMention() async throws {
        let standIn = Self.standIn(Replies([.init(.ok, "ok", headers: ["Content-Type": "text/plain"])]))
        try await standIn.serve { base in
            var long = message
            long.body = String(repeating: "维护", count: 9000)
            #expect(await MattermostChannel(client: .local, settings: .init(url: "\(base)/hooks/abc123xyz")).send(long) == .sent(providerID: nil, cost: nil))
        }
        #expect(standIn.seen.first?.problems == [])
        let text = ProviderStandIn.json(try #require(standIn.request(0)).body)["text"] as? String ?? ""
        #expect(text.unicodeScalars.count == 16383)
        #expect(text.hasSuffix("维…\n\n@wang.wei"))
    }

    @Test func theSectionIsReadAndEveryProblemIsNamed() throws {
        let good = try JSONDecoder().decode(JSONValue.self, from: Data("""
            {"mattermost": {"url": "https://chat.example.com/hooks/xjg5bk1qcpnc7qpbf9sk8uosoh", "username": "herald",
              "channel": "oncall", "high_priority": "important"}}
            """.utf8))
        var parent = ObjectReader(good)
        let settings = ChannelSettings.read(good, into: &parent)
        #expect(parent.errors.isEmpty, "\(parent.errors)")
        #expect(settings[MattermostChannel.self] == MattermostChannel.Settings(
            url: "https://chat.example.com/hooks/xjg5bk1qcpnc7qpbf9sk8uosoh", username: "herald", channel: "oncall", highPriority: .important))

        let bad = try JSONDecoder().decode(JSONValue.self, from: Data("""
            {"mattermost": {"url": "https://chat.example.com/api/v4/posts", "icon_url": "icon.png", "high_priority": "loud", "token": "x"}}
            """.utf8))
        var refused = ObjectReader(bad)
        _ = ChannelSettings.read(bad, into: &refused)
        #expect(Set(refused.errors.map(\.field)) == [
            "channels.mattermost.url", "channels.mattermost.icon_url", "channels.mattermost.high_priority", "channels.mattermost.token",
        ])
        #expect(refused.errors.first { $0.field == "channels.mattermost.url" }?.reason == "must be an incoming webhook URL ending in /hooks/KEY")
    }

    @Test func addressesAreUsernamesThatNotifyOnePerson() {
        let catalogue = Channels.catalogue
        #expect(catalogue[.mattermost]?.group == .im && catalogue[.mattermost]?.templateKind == .im)
        #expect(Channels.planner.fallbacks[.mattermost] == .sms)
        for good in ["wang.wei", "li_na", "ops-bot", "a"] {
            #expect(catalogue.problems(address: good, on: .mattermost, field: "m").isEmpty, "\(good)")
        }
        for bad in ["@wang.wei", "Wang", "all", "channel", "here", "", "王伟", String(repeating: "a", count: 65)] {
            #expect(catalogue.problems(address: bad, on: .mattermost, field: "m").map(\.field) == ["m"], "\(bad)")
        }
    }
}
