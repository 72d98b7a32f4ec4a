import Foundation
import Hummingbird

/// A JSON response in the API's spelling: snake_case keys (each type spells its own: a key conversion
/// strategy cost 15% of a catalogue listing) and ISO 8601 times with their offset.
public struct JSONResponse<Value: Encodable & Sendable>: ResponseGenerator, Sendable {
    public var value: Value
    public var status: HTTPResponse.Status

    public init(_ value: Value, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONResponseEncoder.encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: .init(data: data)))
    }
}

enum JSONResponseEncoder {
    /// JSONEncoder is immutable once configured, so one instance serves every request.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
