import Foundation
import HTTPTypes
import HeraldCore
import Hummingbird

/// An error response in the RFC 9457 `application/problem+json` shape; `errors` names each bad field.
public struct Problem: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var title: String
    public var detail: String?
    public var errors: [FieldError]
    public var headers: HTTPFields

    public init(
        _ status: HTTPResponse.Status, title: String? = nil, detail: String? = nil, errors: [FieldError] = [],
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.title = title ?? status.reasonPhrase
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public static func invalid(_ errors: [FieldError], detail: String? = nil) -> Problem {
        let summary = detail ?? errors.map(\.description).joined(separator: "; ")
        return Problem(.badRequest, title: "The request has invalid fields", detail: summary, errors: errors)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body = Body(
            type: "about:blank", title: title, status: Int(status.code), detail: detail,
            instance: request.uri.path, errors: errors.isEmpty ? nil : errors.map { .init(field: $0.field, reason: $0.reason) })
        if body.detail == nil, status == .unauthorized {
            body.detail = "send an API token as 'Authorization: Bearer hrld_…'"
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: .init(data: try encoder.encode(body))))
    }

    struct Body: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String?
        var instance: String
        var errors: [FieldBody]?
    }

    struct FieldBody: Encodable {
        var field: String
        var reason: String
        /// JSON Pointer to the field, as RFC 9457's own example carries it.
        var pointer: String

        init(field: String, reason: String) {
            self.field = field
            self.reason = reason
            let tokens = field.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "")
                .split(separator: ".").map { $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }
            // "body" means the whole body, which is the empty JSON Pointer.
            self.pointer = field == "body" ? "#" : "#/" + tokens.joined(separator: "/")
        }
    }
}
