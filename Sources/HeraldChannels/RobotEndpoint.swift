import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore

/// Where a group-chat robot posts and how it signs: shared by the DingTalk and Feishu channels.
public struct RobotEndpoint: Sendable {
    let client: OutboundClient
    /// The robot's webhook address, as the provider's admin console shows it.
    let webhookURL: String
    let secret: String
    let timeout: TimeAmount
    /// The clock the signature's timestamp comes from.
    let now: @Sendable () -> Date

    public init(
        client: OutboundClient = .standard, webhookURL: String, secret: String, timeout: TimeAmount = .seconds(10),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.client = client
        self.webhookURL = webhookURL
        self.secret = secret
        self.timeout = timeout
        self.now = now
    }
}

extension RobotEndpoint {
    /// A robot's section, `channels.dingtalk` or `channels.feishu`: its webhook `url` and signing `secret`.
    public struct Settings: Sendable, Equatable {
        public var url: String
        public var secret: String

        public init(url: String, secret: String) {
            self.url = url
            self.secret = secret
        }
    }

    static func settings(from item: inout ObjectReader) -> Settings? {
        let url = item.requiredString("url")
        let secret = item.requiredString("secret")
        if let url { item.add(Validate.webURL(url, field: item.path("url"))) }
        guard let url, let secret else { return nil }
        return Settings(url: url, secret: secret)
    }

    init(_ settings: Settings, context: ChannelContext) {
        self.init(client: context.outbound, webhookURL: settings.url, secret: settings.secret, now: context.now)
    }
}
