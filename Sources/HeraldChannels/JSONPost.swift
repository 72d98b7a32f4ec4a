import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore

/// POSTs JSON to an IM provider and returns its HTTP status and body, or the failure as an outcome.
enum JSONPost {
    /// The provider answered (any status), or the attempt failed before an answer.
    enum Answer {
        case answered(status: UInt, body: String)
        case failed(SendOutcome)
    }

    static func send(_ client: HTTPClient, url: String, json: [String: Any], timeout: TimeAmount) async -> Answer {
        guard let data = try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return .failed(.permanent(reason: "the message could not be encoded as JSON"))
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.body = .bytes(ByteBuffer(bytes: data))
        do {
            let response = try await client.execute(request, timeout: timeout)
            let body = String(buffer: try await response.body.collect(upTo: 64 * 1024))
            return .answered(status: response.status.code, body: body)
        } catch {
            return .failed(HTTPOutcome.transportFailure(error))
        }
    }

    /// The provider's JSON answer as a dictionary, or nil when it is not JSON.
    static func object(_ body: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
    }

    /// For providers that answer HTTP 200 with an `errcode` (DingTalk, WeCom): 0 is sent, the
    /// provider's throttling code is retried after `throttledWait`, any other code is final.
    static func errcodeOutcome(status: UInt, body: String, provider: String, throttled: Int, throttledWait: TimeInterval)
        -> SendOutcome
    {
        guard (200..<300).contains(status) else {
            return status >= 500 || status == 429
                ? .retryable(reason: "HTTP \(status): \(body.prefix(200))", retryAfter: nil)
                : .permanent(reason: "HTTP \(status): \(body.prefix(200))")
        }
        guard let answer = object(body), let code = answer["errcode"] as? Int else {
            return .retryable(reason: "\(provider) answered without errcode: \(body.prefix(200))", retryAfter: nil)
        }
        let detail = "errcode \(code): \(answer["errmsg"] as? String ?? "")"
        switch code {
        case 0: return .sent(providerID: nil, cost: nil)
        case throttled: return .retryable(reason: detail, retryAfter: throttledWait)
        default: return .permanent(reason: detail)
        }
    }
}
