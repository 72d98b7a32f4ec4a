import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore
import NIOHTTP1

/// How HTTP providers' answers map to outcomes, shared by every HTTP channel.
enum HTTPOutcome {
    /// 2xx sent; 408, 425, 429 and 5xx retryable (honouring Retry-After); other 4xx permanent, and
    /// 3xx too: redirects are not followed, since one could point anywhere, inside the network too.
    static func classify(status: HTTPResponseStatus, headers: HTTPHeaders, body: String) -> SendOutcome {
        let excerpt = "HTTP \(status.code): \(body.prefix(200))"
        switch status.code {
        case 200..<300:
            return .sent(providerID: nil, cost: nil)
        case 300..<400:
            let location = headers.first(name: "Location").map { " to \($0.prefix(200))" } ?? ""
            return .permanent(reason: "HTTP \(status.code): a redirect\(location), which Herald does not follow")
        case 408, 425, 429, 500..<600:
            return .retryable(reason: excerpt, retryAfter: retryAfter(headers))
        default:
            return .permanent(reason: excerpt)
        }
    }

    /// Retry-After in seconds (the HTTP-date form is rare from these providers and is ignored).
    static func retryAfter(_ headers: HTTPHeaders) -> TimeInterval? {
        headers.first(name: "Retry-After").flatMap(TimeInterval.init)
    }

    /// A failure before any answer: the provider may never have seen the request, so try again.
    /// The reason is in plain words (`TransportFailure`), never NIO's debug description.
    static func transportFailure(_ error: any Error, url: String, timeout: TimeAmount?) -> SendOutcome {
        .retryable(reason: "no answer: \(TransportFailure.describe(error, url: url, timeout: timeout))", retryAfter: nil)
    }

    /// Whether the request may have been written before the failure: a timeout or a connection the
    /// provider closed, as opposed to never connecting.
    static func mayHaveReachedProvider(_ error: any Error) -> Bool {
        guard let error = error as? HTTPClientError else { return false }
        return [.deadlineExceeded, .readTimeout, .remoteConnectionClosed].contains(error)
    }
}
