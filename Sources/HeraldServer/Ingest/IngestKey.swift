import Foundation
import Hummingbird

/// Where a monitoring tool can put its integration's key, as the tool's own settings allow.
struct IngestKey: OptionSet, Sendable, CustomStringConvertible {
    let rawValue: Int

    /// `Authorization: Bearer KEY`, for tools that let users set a header or credentials.
    static let bearer = IngestKey(rawValue: 1 << 0)
    /// `?key=KEY`, for tools that only let users edit the URL.
    static let query = IngestKey(rawValue: 1 << 1)
    /// The password of HTTP Basic authentication, whatever the user name: some tools offer nothing else.
    static let basicPassword = IngestKey(rawValue: 1 << 2)
    /// A field of the body (PagerDuty's `routing_key`); the format's reader returns it in `IngestBatch.key`.
    static let body = IngestKey(rawValue: 1 << 3)

    /// The key the request carries where this format looks for one; nil for `body`, read later.
    func find(in request: Request) -> String? {
        let authorization = request.headers[.authorization] ?? ""
        if contains(.bearer), authorization.hasPrefix("Bearer ") { return String(authorization.dropFirst(7)) }
        if contains(.basicPassword), authorization.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(authorization.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) }),
            let colon = decoded.firstIndex(of: ":")
        {
            return String(decoded[decoded.index(after: colon)...])
        }
        if contains(.query), let key = request.uri.queryParameters.get("key") { return key }
        return nil
    }

    /// Where the key goes, for the answer to a request without one.
    var description: String {
        let places = [
            (IngestKey.bearer, "Authorization: Bearer KEY"), (.query, "?key=KEY"), (.basicPassword, "the password of HTTP Basic authentication"),
            (.body, "the body's key field"),
        ].filter { contains($0.0) }.map(\.1)
        return places.count < 2 ? places.joined() : places.dropLast().joined(separator: ", ") + " or " + places.last!
    }
}
