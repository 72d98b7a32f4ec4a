/// JSON Merge Patch (RFC 7396): how a PATCH body changes a record's document. A member set to null
/// removes it, an object merges member by member, anything else replaces. The merged document is then
/// read by the same reader that checks a new record, so an update is checked exactly as a creation is
/// and absent ("keep") is told from null ("clear").
extension JSONValue {
    public func merged(with patch: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var result: [String: JSONValue]
        if case .object(let current) = self { result = current } else { result = [:] }
        for (key, change) in changes {
            if change == .null {
                result[key] = nil
            } else {
                result[key] = (result[key] ?? .null).merged(with: change)
            }
        }
        return .object(result)
    }

    /// The members of an object; empty for anything else.
    public var members: [String: JSONValue] {
        if case .object(let members) = self { return members }
        return [:]
    }
}
