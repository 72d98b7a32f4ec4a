import Foundation
import HeraldChannels
import HeraldCore
import HeraldTestSupport
import Testing

/// The registry is the only list of channels: Core plans with its traits, the config file is read
/// through its definitions, and the channels that send are built from it.
@Suite struct ChannelRegistryTests {
    let catalogue = Channels.catalogue

    @Test func everyChannelDeclaresOneKindAndTheShippedOnesKeepTheirFacts() {
        #expect(Set(catalogue.kinds).count == Channels.all.count)
        #expect(Array(catalogue.kinds.prefix(11)) == [.email, .sms, .voice, .dingtalk, .wecom, .feishu, .slack, .teams, .discord, .webhook, .log])
        #expect(catalogue.kinds(in: .im).prefix(6) == [.dingtalk, .wecom, .feishu, .slack, .teams, .discord])
        #expect(catalogue[.voice]?.templateKind == .sms && catalogue[.webhook]?.templateKind == .webhook)
        #expect(catalogue[.log]?.group == nil, "the log channel is only sent on by preference")
        #expect(catalogue.rateLimits[.dingtalk] == [RateLimit(20, per: 60)])
        #expect(catalogue.rateLimits[.feishu] == [RateLimit(5, per: 1), RateLimit(100, per: 60)])
        #expect(catalogue.rateLimits[.slack] == [RateLimit(1, per: 1)] && catalogue.rateLimits[.discord] == [RateLimit(5, per: 2)])
        #expect(catalogue.rateLimits[.email] == nil)
        #expect(catalogue.confirmationWindows == [.sms: 600, .voice: 300])
    }

    @Test func theStandardChainsRunFromEveryIMChannelToSMSThenVoice() {
        let chain = Channels.planner.fallbacks
        for kind in catalogue.kinds(in: .im) { #expect(chain[kind] == .sms, "\(kind)") }
        #expect(chain[.sms] == .voice)
        #expect(chain[.voice] == nil && chain[.email] == nil && chain[.webhook] == nil)
    }

    @Test func addressesAreCheckedByTheirChannel() {
        #expect(catalogue.problems(address: "li@example.com", on: .email, field: "e").isEmpty)
        #expect(catalogue.problems(address: "13800000000", on: .sms, field: "addresses.sms").map(\.field) == ["addresses.sms"])
        #expect(catalogue.problems(address: "https://hooks.slack.com/services/T/B/X", on: .slack, field: "s").isEmpty)
        #expect(!catalogue.problems(address: "hooks.slack.com", on: .discord, field: "d").isEmpty)
        #expect(catalogue.problems(address: "wang01", on: .dingtalk, field: "d").isEmpty)
        guard case .failure(let unknown) = catalogue.kind(named: "pigeon", field: "addresses.pigeon") else {
            Issue.record("pigeon is not a channel")
            return
        }
        #expect(unknown.reason.hasPrefix("is not a channel; channels are email, sms, voice, dingtalk"))
    }

    @Test func eachSectionIsReadByItsChannelAndEveryProblemIsNamed() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data("""
            {"webhook": {"secret": "0123456789abcdef"},
             "dingtalk": {"url": "https://oapi.dingtalk.com/robot/send?access_token=T", "secret": "SEC1"},
             "feishu": {"secret": "x"},
             "wecom": {"url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", "key": "K"},
             "voice": {"provider": "twilio", "account_sid": "AC1", "auth_token": "t", "from": "+15005550006"},
             "slack": {"url": "https://hooks.slack.com/x"},
             "carrier_pigeon": {}}
            """.utf8))
        var parent = ObjectReader(.object(["channels": value]))
        let settings = ChannelSettings.read(value, into: &parent)
        #expect(Set(parent.errors.map(\.field)) == [
            "channels.feishu.url", "channels.wecom.key", "channels.slack", "channels.carrier_pigeon",
        ])
        #expect(settings[WebhookChannel.self] == "0123456789abcdef")
        #expect(settings[DingTalkChannel.self] == RobotEndpoint.Settings(url: "https://oapi.dingtalk.com/robot/send?access_token=T", secret: "SEC1"))
        #expect(settings[FeishuChannel.self] == nil, "incomplete settings build nothing")
        let kinds = settings.channels(ChannelContext(logger: TestDatabase.logger)).map(\.kind)
        #expect(Set(kinds) == [.log, .slack, .teams, .discord, .webhook, .dingtalk, .wecom, .voice])
    }
}
