import Foundation

/// One page of a list: `?limit=N&cursor=C`. Every list route reads it the same way, and every list
/// answers with `next`, the cursor of the page after (null on the last page).
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 100
    public static let maximumLimit = 500

    public var limit: Int
    /// Where the previous page stopped: the sort keys of its last item.
    public var after: PageCursor?

    public init(limit: Int = PageRequest.defaultLimit, after: PageCursor? = nil) {
        self.limit = limit
        self.after = after
    }

    /// Reads `limit` and `cursor` from a query; every problem is reported, by its parameter's name.
    public static func read(limit: String?, cursor: String?) throws(ValidationFailure) -> PageRequest {
        var errors: [FieldError] = []
        var request = PageRequest()
        if let limit {
            if let value = Int(limit), (1...maximumLimit).contains(value) {
                request.limit = value
            } else {
                errors.append(FieldError("limit", "must be a whole number from 1 to \(maximumLimit)"))
            }
        }
        if let cursor {
            if let value = PageCursor(encoded: cursor) {
                request.after = value
            } else {
                errors.append(FieldError("cursor", "is not a cursor this server gave out; pass the 'next' of the previous page"))
            }
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return request
    }
}

/// The sort keys of the last item of a page, opaque to clients: base64url of a JSON array.
public struct PageCursor: Sendable, Equatable {
    public enum Key: Sendable, Equatable {
        case text(String)
        case integer(Int64)
    }

    public var keys: [Key]

    public init(_ keys: [Key]) {
        self.keys = keys
    }

    public init?(encoded: String) {
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard encoded.count <= 2048, let data = Data(base64Encoded: base64),
            case .array(let values)? = try? JSONValue.parse(data), !values.isEmpty
        else { return nil }
        var keys: [Key] = []
        for value in values {
            switch value {
            case .string(let text): keys.append(.text(text))
            case .integer(let number): keys.append(.integer(number))
            default: return nil
            }
        }
        self.keys = keys
    }

    public var encoded: String {
        let values: [JSONValue] = keys.map {
            switch $0 {
            case .text(let text): .string(text)
            case .integer(let number): .integer(number)
            }
        }
        let data = (try? JSONEncoder().encode(JSONValue.array(values))) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
