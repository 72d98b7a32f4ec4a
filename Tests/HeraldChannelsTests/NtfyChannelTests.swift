import Foundation
import HeraldChannels
import HeraldCore
import HeraldTestSupport
import Testing

/// ntfy's JSON publishing, against a stand-in that checks requests as ntfy's docs and server
/// (server.go, types.go `publishMessage`) take them and answers with its documented bodies.
@Suite struct NtfyChannelTests {
    let message = OutgoingMessage(
        idempotencyKey: "incident:i1:step-0:wang:ntfy", address: "wang-oncall", subject: "磁盘空间不足",
        body: "**/var** 使用率 95%", severity: .high)

    static let token = "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2"

    /// `publishMessage`'s fields; JSON with others fails to decode (40024).
    static let documented: Set = [
        "topic", "message", "title", "priority", "tags", "click", "icon", "markdown", "actions", "attach", "filename", "email", "delay",
    ]

    static func standIn(authorization: String, _ replies: Replies) -> ProviderStandIn {
        ProviderStandIn(reply: { seen in
            if seen.headers["authorization"] != authorization {
                return .init(.unauthorized, #"{"code":40101,"http":401,"error":"unauthorized","link":"https://ntfy.sh/docs/publish/#authentication"}"# + "\n")
            }
            var problems: [String] = []
            if seen.path != "/" { problems.append("JSON is published to the root, not \(seen.path)") }
            if !(seen.headers["content-type"] ?? "").hasPrefix("application/json") { problems.append("content type") }
            let body = ProviderStandIn.json(seen.body)
            let unknown = Set(body.keys).subtracting(documented)
            if !unknown.isEmpty { problems.append("undocumented fields \(unknown.sorted())") }
            if (body["topic"] as? String)?.range(of: "^[-_A-Za-z0-9]{1,64}$", options: .regularExpression) == nil { problems.append("topic") }
            // priority must be a JSON number 1-5; a string fails the decode.
            if seen.body.range(of: #""priority":[1-5][,}]"#, options: .regularExpression) == nil { problems.append("priority as an int 1-5") }
            if let tags = body["tags"], !(tags is [String]) { problems.append("tags is a list of strings") }
            if let markdown = body["markdown"], !(markdown is Bool) { problems.append("markdown is a bool") }
            // Longer messages would become attachments, refused without an attachment cache (40014).
            if (body["message"] as? String ?? "").utf8.count > 4096 { problems.append("message over 4096 bytes") }
            if seen.body.utf8.count > 8192 { problems.append("JSON body over 8192 bytes (41303)") }
            if !problems.isEmpty {
                return .init(.badRequest, #"{"code":40024,"http":400,"error":"invalid request: request body must be valid JSON"}"# + "\n", problems: problems)
            }
            return replies.next()
        })
    }

    static let published = ProviderStandIn.Reply(
        .ok,
        #"{"id":"Xk3pQ9sLm2Ab","time":1735689600,"expires":1735732800,"event":"message","topic":"wang-oncall","title":"磁盘空间不足","message":"**/var** 使用率 95%","priority":5,"tags":["rotating_light"],"content_type":"text/markdown"}"# + "\n")

    @Test func aPageIsPublishedAsJSONWithItsChineseTitleAndTheMessageIDIsKept() async throws {
        let standIn = Self.standIn(authorization: "Bearer \(Self.token)", Replies([Self.published, Self.published, Self.published]))
        try await standIn.serve { base in
            let channel = NtfyChannel(client: .local, settings: .init(server: base + "/", credentials: .token(Self.token), click: "https://status.example.com"))
            #expect(await channel.send(message) == .sent(providerID: "Xk3pQ9sLm2Ab", cost: nil))
            for severity in [Severity.medium, .low] {
                var quieter = message
                quieter.severity = severity
                #expect(await channel.send(quieter) == .sent(providerID: "Xk3pQ9sLm2Ab", cost: nil))
            }
        }
        #expect(standIn.seen.allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map(\.problems))")
        let page = ProviderStandIn.json(try #require(standIn.request(0)).body)
        #expect(page["topic"] as? String == "wang-oncall" && page["title"] as? String == "磁盘空间不足")
        #expect(page["message"] as? String == "**/var** 使用率 95%" && page["markdown"] as? Bool == true)
        #expect(page["click"] as? String == "https://status.example.com")
        #expect(page["tags"] as? [String] == ["rotating_light"])
        #expect(standIn.seen.map { ProviderStandIn.json($0.body)["priority"] as? Int } == [5, 3, 2], "high, medium, low")
    }

    @Test func basicAuthIsSentAndTheMessageIsCutToFourKilobytesAtACharacter() async throws {
        let basic = "Basic " + Data("herald:s3cret".utf8).base64EncodedString()
        let standIn = Self.standIn(authorization: basic, Replies([Self.published]))
        try await standIn.serve { base in
            var long = message
            long.body = String(repeating: "磁盘", count: 1000)
            let channel = NtfyChannel(client: .local, settings: .init(server: base, credentials: .user(name: "herald", password: "s3cret")))
            #expect(await channel.send(long) == .sent(providerID: "Xk3pQ9sLm2Ab", cost: nil))
        }
        #expect(standIn.seen.first?.problems == [])
        let text = ProviderStandIn.json(try #require(standIn.request(0)).body)["message"] as? String ?? ""
        #expect(text.utf8.count <= 4096 && text.utf8.count > 4090)
        #expect(text.hasSuffix("…") && text.hasPrefix("磁盘磁盘"))
    }

    @Test func throttlingAndServerErrorsAreRetriedAndRefusalsAreFinal() async throws {
        let standIn = Self.standIn(authorization: "Bearer \(Self.token)", Replies([
            .init(.forbidden, #"{"code":40301,"http":403,"error":"forbidden","link":"https://ntfy.sh/docs/publish/#authentication"}"# + "\n"),
            .init(.tooManyRequests, #"{"code":42901,"http":429,"error":"limit reached: too many requests","link":"https://ntfy.sh/docs/publish/#limitations"}"# + "\n"),
            .init(.tooManyRequests, #"{"code":42908,"http":429,"error":"limit reached: daily message quota reached","link":"https://ntfy.sh/docs/publish/#limitations"}"# + "\n"),
            .init(.internalServerError, #"{"code":50001,"http":500,"error":"internal server error"}"# + "\n"),
            .init(.serviceUnavailable, "<html><body>503 Service Temporarily Unavailable</body></html>", headers: ["Content-Type": "text/html", "Retry-After": "30"]),
        ]))
        try await standIn.serve { base in
            let channel = NtfyChannel(client: .local, settings: .init(server: base, credentials: .token(Self.token)))
            #expect(await channel.send(message) == .permanent(reason: "HTTP 403, ntfy 40301: forbidden"))
            #expect(await channel.send(message) == .retryable(reason: "HTTP 429, ntfy 42901: limit reached: too many requests", retryAfter: 5))
            #expect(await channel.send(message) == .permanent(reason: "HTTP 429, ntfy 42908: limit reached: daily message quota reached"))
            #expect(await channel.send(message) == .retryable(reason: "HTTP 500, ntfy 50001: internal server error", retryAfter: nil))
            // A proxy in front of a restarting server.
            #expect(await channel.send(message) == .retryable(reason: "HTTP 503: <html><body>503 Service Temporarily Unavailable</body></html>", retryAfter: 30))
            let wrong = NtfyChannel(client: .local, settings: .init(server: base, credentials: .token("tk_wrong")))
            #expect(await wrong.send(message) == .permanent(reason: "HTTP 401, ntfy 40101: unauthorized"))
        }
        #expect(standIn.seen.allSatisfy { $0.problems.isEmpty }, "\(standIn.seen.map(\.problems))")
    }

    @Test func theSectionIsReadAndEveryProblemIsNamed() throws {
        func read(_ json: String) throws -> (NtfyChannel.Settings?, Set<String>) {
            let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
            var parent = ObjectReader(value)
            let settings = ChannelSettings.read(value, into: &parent)
            return (settings[NtfyChannel.self], Set(parent.errors.map(\.field)))
        }
        let (token, none) = try read(#"{"ntfy": {"server": "https://ntfy.example.com", "token": "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2"}}"#)
        #expect(none.isEmpty)
        #expect(token == NtfyChannel.Settings(server: "https://ntfy.example.com", credentials: .token("tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2")))
        let (user, _) = try read(#"{"ntfy": {"server": "https://ntfy.example.com", "username": "herald", "password": "pw", "click": "https://status.example.com"}}"#)
        #expect(user?.credentials == .user(name: "herald", password: "pw") && user?.click == "https://status.example.com")
        let (_, problems) = try read(#"{"ntfy": {"token": "tk_x", "username": "herald", "click": "status page", "topic": "alerts"}}"#)
        #expect(problems == ["channels.ntfy.server", "channels.ntfy.token", "channels.ntfy.click", "channels.ntfy.topic"])
        let (_, half) = try read(#"{"ntfy": {"server": "https://ntfy.example.com", "username": "herald"}}"#)
        #expect(half == ["channels.ntfy.password"])
    }

    @Test func addressesAreTopics() {
        let catalogue = Channels.catalogue
        #expect(catalogue[.ntfy]?.group == .im && catalogue[.ntfy]?.templateKind == .im)
        #expect(Channels.planner.fallbacks[.ntfy] == .sms)
        for good in ["wang-oncall", "alerts_2", "A"] { #expect(catalogue.problems(address: good, on: .ntfy, field: "n").isEmpty, "\(good)") }
        for bad in ["", "wang oncall", "告警", "a/b", String(repeating: "a", count: 65)] {
            #expect(catalogue.problems(address: bad, on: .ntfy, field: "n").map(\.field) == ["n"], "\(bad)")
        }
    }
}
