import HeraldCore
import HeraldStore
import Hummingbird

/// A page of a list as every list route answers: `{"<items>": […], "next": "<cursor>" | null}`;
/// pass `next` back as `?cursor=` for the page after.
struct ListPage<Item: Encodable & Sendable>: Encodable, Sendable {
    let key: String
    let page: Page<Item>

    init(_ key: String, _ page: Page<Item>) {
        self.key = key
        self.page = page
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(page.items, forKey: Key(stringValue: key))
        try container.encode(page.next?.encoded, forKey: Key(stringValue: "next"))
    }
}

extension Request {
    /// `?limit=N&cursor=C`, checked: a bad value is a 400 naming the parameter.
    func pageRequest() throws -> PageRequest {
        let query = uri.queryParameters
        return try PageRequest.read(limit: query.get("limit"), cursor: query.get("cursor"))
    }
}
