import AsyncHTTPClient
import Foundation
import NIOCore

/// Where a group-chat robot posts and how it signs: shared by the DingTalk and Feishu channels.
public struct RobotEndpoint: Sendable {
    let client: HTTPClient
    /// The robot's webhook address, as the provider's admin console shows it.
    let webhookURL: String
    let secret: String
    let timeout: TimeAmount
    /// The clock the signature's timestamp comes from.
    let now: @Sendable () -> Date

    public init(
        client: HTTPClient = .shared, webhookURL: String, secret: String, timeout: TimeAmount = .seconds(10),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.client = client
        self.webhookURL = webhookURL
        self.secret = secret
        self.timeout = timeout
        self.now = now
    }
}
