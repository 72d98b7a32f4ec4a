import HeraldCore
import Testing

/// What a delivery is for, which lane it takes and where its request goes, from the stored facts alone.
@Suite struct DeliveryLaneTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var key: String
        var kind: DeliveryKind
        var lane: DeliveryLane
        var testDescription: String { key }
    }

    /// The keys as the producers write them (AlertPipeline, FanOutHandoff, SubscriberNotifier,
    /// SubscribeRoutes, FeedbackReplyMail, Fallbacks).
    static let rows: [Row] = [
        Row(key: "incident:01J:step-0:wang:sms", kind: .page, lane: .urgent),
        Row(key: "incident:01J:joined-1795000000:wang:dingtalk", kind: .page, lane: .urgent),
        Row(key: "incident:01J:step-1:wang:dingtalk:fallback:sms", kind: .page, lane: .urgent),
        Row(key: "notice:n1:announcement:wang:email", kind: .notice, lane: .bulk),
        Row(key: "notice:n1:announcement:wang:dingtalk:fallback:sms", kind: .notice, lane: .bulk),
        Row(key: "subscriber:s1:incident-event:42", kind: .subscriberUpdate, lane: .bulk),
        Row(key: "subscription:s1:confirm", kind: .message, lane: .bulk),
        Row(key: "feedback:t1:reply-1", kind: .message, lane: .bulk),
        Row(key: "incidentally", kind: .message, lane: .bulk),
    ]

    @Test(arguments: rows)
    func theKeyNamesTheKindAndTheKindTheLane(_ row: Row) {
        let kind = DeliveryKind(idempotencyKey: row.key)
        #expect(kind == row.kind)
        #expect(DeliveryLane.of(kind) == row.lane)
    }

    struct Address: Sendable, CustomTestStringConvertible {
        var channel: ChannelKind
        var address: String
        var destination: String
        var testDescription: String { "\(channel) \(address)" }
    }

    static let addresses: [Address] = [
        Address(channel: .webhook, address: "https://Hooks.Example.com/herald?x=1", destination: "https://hooks.example.com:443"),
        Address(channel: .webhook, address: "http://127.0.0.1:9001/hook", destination: "http://127.0.0.1:9001"),
        Address(channel: .webhook, address: "http://127.0.0.1:9002/hook", destination: "http://127.0.0.1:9002"),
        Address(channel: .slack, address: "https://hooks.slack.com/services/T/B/X", destination: "https://hooks.slack.com:443"),
        Address(channel: .sms, address: "+8613800000000", destination: "sms"),
        Address(channel: .email, address: "wang@example.com", destination: "email"),
        Address(channel: .dingtalk, address: "zhao01", destination: "dingtalk"),
        Address(channel: .webhook, address: "ftp://files.example.com/x", destination: "webhook"),
    ]

    @Test(arguments: addresses)
    func aURLsDestinationIsItsOriginAndAnythingElseGoesToItsChannel(_ row: Address) {
        #expect(DeliveryDestination.of(channel: row.channel, address: row.address) == row.destination)
    }

    struct Claim: Sendable, CustomTestStringConvertible {
        var name: String
        var room: ClaimRoom
        var candidates: [String]
        var picked: [Int64]
        var testDescription: String { name }
    }

    static let claims: [Claim] = [
        Claim(name: "no limits takes the first in order", room: ClaimRoom(total: 3), candidates: ["a", "a", "a", "b"], picked: [0, 1, 2]),
        Claim(name: "a destination's limit skips to the next destination", room: ClaimRoom(total: 3, perDestination: 2),
              candidates: ["a", "a", "a", "b"], picked: [0, 1, 3]),
        Claim(name: "what is in flight counts against the limit", room: ClaimRoom(total: 4, perDestination: 2, remaining: ["a": 1]),
              candidates: ["a", "a", "b", "b", "b"], picked: [0, 2, 3]),
        Claim(name: "a destination without room is skipped", room: ClaimRoom(total: 4, perDestination: 2, remaining: ["a": 0]),
              candidates: ["a", "b", "a"], picked: [1]),
    ]

    @Test(arguments: claims)
    func aClaimTakesWithinItsRoom(_ row: Claim) {
        #expect(row.room.pick(row.candidates.enumerated().map { (Int64($0.offset), $0.element) }) == row.picked)
    }

    @Test func destinationsWithoutRoomAreSkippedByTheQuery() {
        #expect(ClaimRoom(total: 4, perDestination: 2, remaining: ["b": 0, "a": 0, "c": 1]).full == ["a", "b"])
    }
}
