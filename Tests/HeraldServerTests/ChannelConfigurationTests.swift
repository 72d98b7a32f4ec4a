import HeraldApp
import Foundation
import HeraldCore
import HeraldServer
import HeraldTestSupport
import Testing

@Suite struct ChannelConfigurationTests {
    @Test func smsVoiceAndCostsAreReadFromTheFile() throws {
        let configuration = try HeraldConfiguration.parse(yaml: """
            channels:
              sms:
                provider: aliyun
                access_key_id: LTAI
                access_key_secret: s
                sign_name: 示例公司
                template_code: SMS_1
              voice: {provider: twilio, account_sid: AC1, auth_token: t, from: "+15005550006"}
            delivery:
              currency: CNY
              budget_time_zone: Asia/Shanghai
              costs: {sms: 0.045, voice: 0.12}
              monthly_budgets: {sms: 500}
              retry_for: {notice: 172800, page: 600}
            """)
        let kinds = Set(configuration.channels(logger: TestDatabase.logger).map(\.kind))
        #expect(kinds == [.log, .slack, .teams, .discord, .sms, .voice])
        #expect(configuration.costs.perMessage == [.sms: 0.045, .voice: 0.12])
        #expect(configuration.costs.monthlyBudgets == [.sms: 500])
        #expect(configuration.costs.timeZone.identifier == "Asia/Shanghai")
        #expect(configuration.retry.budget(.notice) == 172_800)
        #expect(configuration.retry.budget(.page) == 600)
        #expect(configuration.retry.budget(.subscriberUpdate) == 86_400, "kinds not named keep their default")
    }

    @Test func everyTelephonyAndCostProblemIsNamedByItsPath() {
        #expect {
            try HeraldConfiguration.parse(yaml: """
                channels:
                  sms: {provider: twilio, account_sid: AC1, auth_token: t, from: "555-0100"}
                  voice: {account_sid: AC1}
                delivery:
                  currency: yuan
                  costs: {sms: -1, pigeon: 2}
                  retry_for: {page: 5, pigeon: 60}
                """)
        } throws: { error in
            let fields = Set((error as? ConfigurationError)?.errors.map(\.field) ?? [])
            return fields == [
                "channels.sms.from", "channels.voice.provider", "channels.voice.auth_token", "channels.voice.from",
                "delivery.currency", "delivery.costs.sms", "delivery.costs.pigeon",
                "delivery.retry_for.page", "delivery.retry_for.pigeon",
            ]
        }
    }
}
