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

    /// Slack incoming webhook: `text` plus blocks; `ok`, 429 with Retry-After, or a 4xx reason.
    @Test func slackPostsBlocksAndHonoursRetryAfter() async throws {
        let replies = Replies([
            .init(.ok, "ok"),
            .init(.tooManyRequests, "rate_limited", headers: ["Retry-After": "1"]),
            .init(.notFound, "channel_not_found"),
        ])
        let standIn = ProviderStandIn { seen in
            var problems: [String] = []
            if seen.path != "/services/T000/B000/XXXX" { problems.append("path") }
            let body = ProviderStandIn.json(seen.body)
            let blocks = body["blocks"] as? [[String: Any]] ?? []
            if body["text"] as? String == nil { problems.append("text missing") }
            if blocks.first?["type"] as? String != "header" { problems.append("header block") }
            let section = blocks.last?["text"] as? [String: Any]
            if section?["type"] as? String != "mrkdwn" || (section?["text"] as? String ?? "").count > 3000 { problems.append("section block") }
            if (section?["text"] as? String ?? "").contains("**") { problems.append("Markdown bold is not mrkdwn") }
            if !problems.isEmpty { return .init(.badRequest, "invalid_payload", problems: problems) }
            return replies.next()
        }
        try await standIn.serve { base in
            let slack = SlackChannel()
            let url = "\(base)/services/T000/B000/XXXX"
            #expect(await slack.send(message(to: url)) == .sent(providerID: nil, cost: nil))
            #expect(await slack.send(message(to: url)) == .retryable(reason: "HTTP 429: rate_limited", retryAfter: 1))
            #expect(await slack.send(message(to: url)) == .permanent(reason: "HTTP 404: channel_not_found"))
        }
        #expect(standIn.seen.count == 3)
        #expect(standIn.seen.allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map { $0.problems })")
        let section = (ProviderStandIn.json(standIn.seen[0].body)["blocks"] as? [[String: Any]])?.last?["text"] as? [String: Any]
        #expect((section?["text"] as? String)?.hasPrefix("*停机维护通知*\n\n- *维护时间*") == true)
    }

    /// Teams Workflows: one Adaptive Card 1.4 attachment; 202 Accepted.
    @Test func teamsPostsAnAdaptiveCard() async throws {
        let standIn = ProviderStandIn { seen in
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
            return problems.isEmpty ? (.accepted, "", []) : (.badRequest, #"{"error":{"code":"InvalidRequestContent"}}"#, problems)
        }
        try await standIn.serve { base in
            #expect(await TeamsChannel().send(message(to: "\(base)/workflows/abc/triggers/manual/paths/invoke?sig=S")) == .sent(providerID: nil, cost: nil))
        }
        #expect(standIn.seen.first?.problems == [])
        let card = ((ProviderStandIn.json(standIn.seen[0].body)["attachments"] as? [[String: Any]])?.first?["content"] as? [String: Any])
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
            #expect(await DiscordChannel().send(long) == .retryable(reason: #"HTTP 429: {"message":"You are being rate limited.","retry_after":0.5,"global":false}"#, retryAfter: 0.5))
            #expect(await DiscordChannel().send(long) == .sent(providerID: "1183330000000000000", cost: nil))
        }
        #expect(standIn.seen.allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map { $0.problems })")
    }
}
