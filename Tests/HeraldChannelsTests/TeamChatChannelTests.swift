import Foundation
import HeraldChannels
import HeraldCore
import HeraldTestSupport
import Synchronization
import Testing

/// Slack, Teams and Discord webhooks, against stand-ins that check the documented request shapes.
@Suite struct TeamChatChannelTests {
    let message = OutgoingMessage(
        idempotencyKey: "notice:n1:announcement:ops:slack", address: "", subject: "停机维护通知：支付系统升级维护",
        body: "### 停机维护通知\n\n- **维护时间**：12月1日 02:00 至 04:00", severity: .high)

    func message(to address: String) -> OutgoingMessage {
        var message = message
        message.address = address
        return message
    }

    /// Slack's incoming webhook as Block Kit documents it: `text`, a header, a mrkdwn section, and an
    /// optional actions block of link buttons (plain_text ≤ 75, url ≤ 3000, unique action_id ≤ 255,
    /// style primary or danger).
    static func slack(_ replies: Replies) -> ProviderStandIn {
        ProviderStandIn { seen in
            var problems: [String] = []
            if seen.path != "/services/T000/B000/XXXX" { problems.append("path") }
            let body = ProviderStandIn.json(seen.body)
            let blocks = body["blocks"] as? [[String: Any]] ?? []
            if body["text"] as? String == nil { problems.append("text missing") }
            if blocks.first?["type"] as? String != "header" { problems.append("header block") }
            let section = blocks.first { $0["type"] as? String == "section" }?["text"] as? [String: Any]
            if section?["type"] as? String != "mrkdwn" || (section?["text"] as? String ?? "").count > 3000 { problems.append("section block") }
            if (section?["text"] as? String ?? "").contains("**") { problems.append("Markdown bold is not mrkdwn") }
            for block in blocks where block["type"] as? String == "actions" {
                let elements = block["elements"] as? [[String: Any]] ?? []
                if elements.isEmpty || elements.count > 25 { problems.append("actions elements") }
                for button in elements {
                    let text = button["text"] as? [String: Any]
                    if button["type"] as? String != "button" || text?["type"] as? String != "plain_text" { problems.append("button type") }
                    if (text?["text"] as? String ?? "").isEmpty || (text?["text"] as? String ?? "").count > 75 { problems.append("button text") }
                    if (button["url"] as? String ?? "").count > 3000 || !(button["url"] as? String ?? "").hasPrefix("https://") { problems.append("button url") }
                    if let style = button["style"], !["primary", "danger"].contains(style as? String ?? "") { problems.append("button style") }
                    if (button["action_id"] as? String ?? "").count > 255 { problems.append("action_id") }
                }
                let ids = elements.compactMap { $0["action_id"] as? String }
                if Set(ids).count != ids.count { problems.append("action_id not unique") }
            }
            if blocks.contains(where: { !["header", "section", "actions"].contains($0["type"] as? String ?? "") }) { problems.append("block type") }
            if !problems.isEmpty { return .init(.badRequest, "invalid_payload", problems: problems) }
            return replies.next()
        }
    }

    static let actions = [
        MessageAction(label: "Acknowledge", url: "https://herald.example.com/respond/TOKEN#acknowledge"),
        MessageAction(label: "Resolve", url: "https://herald.example.com/respond/TOKEN#resolve"),
    ]

    @Test func slackCarriesAPagesButtonsAsLinkButtons() async throws {
        let standIn = Self.slack(Replies([.init(.ok, "ok")]))
        try await standIn.serve { base in
            var page = message(to: "\(base)/services/T000/B000/XXXX")
            page.actions = Self.actions
            #expect(await SlackChannel(client: .local).send(page) == .sent(providerID: nil, cost: nil))
        }
        #expect(standIn.seen.map(\.problems) == [[]])
        let blocks = ProviderStandIn.json(try #require(standIn.request(0)).body)["blocks"] as? [[String: Any]] ?? []
        #expect(blocks.map { $0["type"] as? String } == ["header", "section", "actions"])
        let buttons = (blocks.last?["elements"] as? [[String: Any]] ?? []).map {
            [($0["text"] as? [String: Any])?["text"] as? String, $0["url"] as? String, $0["action_id"] as? String, $0["style"] as? String]
        }
        #expect(buttons == [
            ["Acknowledge", "https://herald.example.com/respond/TOKEN#acknowledge", "herald-0", "primary"],
            ["Resolve", "https://herald.example.com/respond/TOKEN#resolve", "herald-1", nil],
        ])
    }

    /// Slack incoming webhook: `text` plus blocks; `ok`, 429 with Retry-After, or a 4xx reason.
    @Test func slackPostsBlocksAndHonoursRetryAfter() async throws {
        let standIn = Self.slack(Replies([
            .init(.ok, "ok"),
            .init(.tooManyRequests, "rate_limited", headers: ["Retry-After": "1"]),
            .init(.notFound, "channel_not_found"),
        ]))
        try await standIn.serve { base in
            let slack = SlackChannel(client: .local)
            let url = "\(base)/services/T000/B000/XXXX"
            #expect(await slack.send(message(to: url)) == .sent(providerID: nil, cost: nil))
            #expect(await slack.send(message(to: url)) == .retryable(reason: "HTTP 429: rate_limited", retryAfter: 1))
            #expect(await slack.send(message(to: url)) == .permanent(reason: "HTTP 404: channel_not_found"))
        }
        #expect(standIn.seen.count == 3)
        #expect(standIn.seen.allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map { $0.problems })")
        let section = (ProviderStandIn.json(try #require(standIn.request(0)).body)["blocks"] as? [[String: Any]])?.last?["text"] as? [String: Any]
        #expect((section?["text"] as? String)?.hasPrefix("*停机维护通知*\n\n- *维护时间*") == true)
    }

    /// Teams Workflows: one Adaptive Card 1.4 attachment (TextBlocks; actions, when any, are
    /// Action.OpenUrl with a title and url); 202 Accepted.
    static func teams() -> ProviderStandIn {
        ProviderStandIn { seen in
            var problems: [String] = []
            let body = ProviderStandIn.json(seen.body)
            let attachments = body["attachments"] as? [[String: Any]] ?? []
            let card = attachments.first?["content"] as? [String: Any] ?? [:]
            if body["type"] as? String != "message" || attachments.count != 1 { problems.append("message shape") }
            if attachments.first?["contentType"] as? String != "application/vnd.microsoft.card.adaptive" { problems.append("contentType") }
            if !(attachments.first?["contentUrl"] is NSNull) { problems.append("contentUrl must be null") }
            if card["type"] as? String != "AdaptiveCard" || card["version"] as? String != "1.4" { problems.append("card type/version") }
            if card["$schema"] as? String != "http://adaptivecards.io/schemas/adaptive-card.json" { problems.append("$schema") }
            let blocks = card["body"] as? [[String: Any]] ?? []
            if blocks.count != 2 || blocks.contains(where: { $0["type"] as? String != "TextBlock" || $0["wrap"] as? Bool != true }) {
                problems.append("body blocks")
            }
            if let actions = card["actions"] {
                let list = actions as? [[String: Any]] ?? []
                if list.isEmpty || list.contains(where: {
                    Set($0.keys) != ["type", "title", "url"] || $0["type"] as? String != "Action.OpenUrl" || $0["title"] as? String == nil
                        || !($0["url"] as? String ?? "").hasPrefix("https://")
                }) { problems.append("actions") }
            }
            return problems.isEmpty ? (.accepted, "", []) : (.badRequest, #"{"error":{"code":"InvalidRequestContent"}}"#, problems)
        }
    }

    @Test func teamsCarriesAPagesButtonsAsOpenUrlActions() async throws {
        let standIn = Self.teams()
        try await standIn.serve { base in
            var page = message(to: "\(base)/workflows/abc/triggers/manual/paths/invoke?sig=S")
            page.actions = Self.actions
            #expect(await TeamsChannel(client: .local).send(page) == .sent(providerID: nil, cost: nil))
        }
        #expect(standIn.seen.map(\.problems) == [[]])
        let card = ((ProviderStandIn.json(try #require(standIn.request(0)).body)["attachments"] as? [[String: Any]])?.first?["content"] as? [String: Any])
        #expect((card?["actions"] as? [[String: String]]) == [
            ["type": "Action.OpenUrl", "title": "Acknowledge", "url": "https://herald.example.com/respond/TOKEN#acknowledge"],
            ["type": "Action.OpenUrl", "title": "Resolve", "url": "https://herald.example.com/respond/TOKEN#resolve"],
        ])
    }

    @Test func teamsPostsAnAdaptiveCard() async throws {
        let standIn = Self.teams()
        try await standIn.serve { base in
            #expect(await TeamsChannel(client: .local).send(message(to: "\(base)/workflows/abc/triggers/manual/paths/invoke?sig=S")) == .sent(providerID: nil, cost: nil))
        }
        #expect(standIn.seen.first?.problems == [])
        let card = ((ProviderStandIn.json(try #require(standIn.request(0)).body)["attachments"] as? [[String: Any]])?.first?["content"] as? [String: Any])
        let title = (card?["body"] as? [[String: Any]])?.first
        #expect(title?["text"] as? String == "停机维护通知：支付系统升级维护")
        #expect(title?["color"] as? String == "Attention")
    }

    /// Discord: `wait=true` gives the created message's id; content ≤ 2000; 429 with a fractional Retry-After.
    @Test func discordPostsAnEmbedAndRecordsTheMessageID() async throws {
        let throttled = Mutex(false)
        let standIn = ProviderStandIn(reply: { seen in
            var problems: [String] = []
            if seen.query["wait"] != "true" { problems.append("wait=true") }
            if seen.query["thread_id"] != "42" { problems.append("thread_id kept") }
            let body = ProviderStandIn.json(seen.body)
            let embed = (body["embeds"] as? [[String: Any]])?.first ?? [:]
            if (body["content"] as? String ?? "").count > 2000 { problems.append("content over 2000") }
            if (embed["title"] as? String ?? "").count > 256 || (embed["description"] as? String ?? "").count > 4096 { problems.append("embed limits") }
            if embed["color"] as? Int != 0xE03E2F { problems.append("high severity is red") }
            if !problems.isEmpty { return .init(.badRequest, #"{"message":"Invalid Form Body","code":50035}"#, problems: problems) }
            if throttled.withLock({ was in defer { was = true }; return !was }) {
                return .init(
                    .tooManyRequests, #"{"message":"You are being rate limited.","retry_after":0.5,"global":false}"#,
                    headers: ["Retry-After": "0.5", "X-RateLimit-Reset-After": "0.5"])
            }
            return .init(.ok, #"{"id":"1183330000000000000","type":0,"channel_id":"1100"}"#)
        })
        try await standIn.serve { base in
            var long = message(to: "\(base)/api/webhooks/1100/TOKEN?thread_id=42")
            long.body = String(repeating: "维护", count: 3000)
            #expect(await DiscordChannel(client: .local).send(long) == .retryable(reason: #"HTTP 429: {"message":"You are being rate limited.","retry_after":0.5,"global":false}"#, retryAfter: 0.5))
            #expect(await DiscordChannel(client: .local).send(long) == .sent(providerID: "1183330000000000000", cost: nil))
        }
        #expect(standIn.seen.allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map { $0.problems })")
    }
}
