import Foundation
import HeraldCore
import Hummingbird

/// A request's body as ingest reads it: at most the size limit, with the headers that say how to read it.
struct IngestBody: Sendable {
    /// What every format answers (in its own shape) for a body that is not JSON.
    static let notJSON = FieldError("body", "is not valid JSON")

    var bytes: ByteBuffer
    var headers: HTTPFields

    /// The whole body; 413 when it is over `limit`, before more of it is read when its length is sent.
    static func read(_ request: Request, limit: Int) async throws -> IngestBody {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Problem(.contentTooLarge, detail: "the body is \(length) bytes; at most \(limit) are accepted")
        }
        var request = request
        do {
            return IngestBody(bytes: try await request.collectBody(upTo: limit), headers: request.headers)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw Problem(.contentTooLarge, detail: "the body is larger than the \(limit) bytes accepted")
        }
    }

    /// The body as JSON, whatever its content type says: tools label JSON in many ways.
    func json() throws(ValidationFailure) -> JSONValue {
        try JSONValue.parse(bytes.readableBytesView)
    }

    /// Strict JSON: not UTF-8 and members given twice are refused as well, each named.
    static func json(_ data: Data) throws(ValidationFailure) -> JSONValue {
        try JSONValue.parse(data)
    }
}
