import Foundation
import HeraldCore
import Hummingbird

/// Reads request bodies with a size limit and turns them into checked `JSONValue`s.
public struct JSONBody: Sendable {
    /// The largest body accepted; larger ones get 413 before they are read.
    public var limit: Int

    public init(limit: Int) {
        self.limit = limit
    }

    /// For bodies that may be left out: nil when the request has none.
    public func readIfPresent(_ request: Request) async throws -> JSONValue? {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        guard buffer.readableBytes > 0 else { return nil }
        return try await read(Request(head: request.head, body: .init(buffer: buffer)))
    }

    public func read(_ request: Request) async throws -> JSONValue {
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json"),
            !type.lowercased().hasPrefix("application/merge-patch+json")
        {
            throw Problem(.unsupportedMediaType, detail: "send the body as application/json, not \(type)")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Problem(.contentTooLarge, detail: "the body is \(length) bytes; at most \(limit) are accepted")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw Problem(.contentTooLarge, detail: "the body is larger than the \(limit) bytes accepted")
        }
        return try Self.parse(buffer)
    }

    /// A body already read, as JSON; 400 naming `body` when it is empty, not JSON or not UTF-8, and
    /// naming each member an object gives twice.
    public static func parse(_ buffer: ByteBuffer) throws -> JSONValue {
        guard buffer.readableBytes > 0 else {
            throw Problem.invalid([FieldError("body", "is empty; send a JSON object")])
        }
        do {
            return try JSONValue.parse(buffer.readableBytesView)
        } catch {
            throw Problem.invalid(error.errors)
        }
    }
}
