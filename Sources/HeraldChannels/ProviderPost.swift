import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore
import NIOHTTP1

/// POSTs a body to a provider and returns its HTTP answer, or the failure as an outcome.
enum ProviderPost {
    /// The provider answered (any status), or the attempt failed before an answer.
    enum Answer {
        case answered(status: UInt, headers: HTTPHeaders, body: String)
        case failed(SendOutcome)
    }

    /// Whether the provider drops a repeated request by itself. When it does not, a request that may
    /// have reached it (a timeout after sending) is not retried: the fallback chain takes over instead
    /// of a second SMS or call.
    enum Repeats {
        case deduplicated
        case notDeduplicated(provider: String)
    }

    /// To a provider's API the operator's config names (Twilio, Aliyun): not guarded.
    static func send(
        _ client: HTTPClient, url: String, contentType: String, body: Data, headers: [(String, String)] = [],
        timeout: TimeAmount, repeats: Repeats = .deduplicated
    ) async -> Answer {
        let request = Self.request(url: url, contentType: contentType, body: body, headers: headers)
        do {
            let response = try await client.execute(request, timeout: timeout)
            let text = String(buffer: try await response.body.collect(upTo: 64 * 1024))
            return .answered(status: response.status.code, headers: response.headers, body: text)
        } catch {
            return failed(error, url: url, timeout: timeout, repeats: repeats)
        }
    }

    /// To an address someone gave (a contact's or subscriber's webhook, an IM webhook URL): only
    /// where `OutboundClient` allows `audience` to reach. A refused address is a permanent failure
    /// that says why; a name that does not resolve now may later.
    static func send(
        _ client: OutboundClient, audience: OutboundAudience = .operatorMade, url: String, contentType: String, body: Data,
        headers: [(String, String)] = [], timeout: TimeAmount, repeats: Repeats = .deduplicated
    ) async -> Answer {
        let request = Self.request(url: url, contentType: contentType, body: body, headers: headers)
        switch await client.execute(request, audience: audience, timeout: timeout) {
        case .success(let answer):
            return .answered(status: answer.status, headers: answer.headers, body: String(buffer: answer.body))
        case .failure(.refused(let refusal)):
            return .failed(.permanent(reason: "\(refusal)"))
        case .failure(.unresolved(let host)):
            return .failed(.retryable(reason: "no answer: the name \(host) could not be resolved", retryAfter: nil))
        case .failure(.transport(let error)):
            return failed(error, url: url, timeout: timeout, repeats: repeats)
        }
    }

    static func request(url: String, contentType: String, body: Data, headers: [(String, String)]) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    static func failed(_ error: any Error, url: String, timeout: TimeAmount, repeats: Repeats) -> Answer {
        if case .notDeduplicated(let provider) = repeats, HTTPOutcome.mayHaveReachedProvider(error) {
            return .failed(.permanent(reason: "no answer from \(provider) after sending (\(TransportFailure.describe(error, url: url, timeout: timeout))); not retried because \(provider) would send it twice"))
        }
        return .failed(HTTPOutcome.transportFailure(error, url: url, timeout: timeout))
    }

    /// The provider's JSON answer as a dictionary, or nil when it is not JSON.
    static func object(_ body: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
    }
}

/// POSTs JSON to an IM provider.
enum JSONPost {
    static func send(
        _ client: OutboundClient, url: String, json: [String: Any], headers: [(String, String)] = [], timeout: TimeAmount
    ) async -> ProviderPost.Answer {
        guard let data = try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return .failed(.permanent(reason: "the message could not be encoded as JSON"))
        }
        return await ProviderPost.send(client, url: url, contentType: "application/json; charset=utf-8", body: data, headers: headers, timeout: timeout)
    }

    static func object(_ body: String) -> [String: Any]? { ProviderPost.object(body) }

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

/// Form-encoded bodies (`application/x-www-form-urlencoded`), as Twilio and Aliyun take them.
enum FormBody {
    /// RFC 3986 unreserved characters stay; everything else, space included, is percent-encoded.
    static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }
}
