import Foundation

enum RemotePath {
    /// An id as one path segment: refused if it could step out of it.
    static func segment(_ id: String) throws -> String {
        guard !id.isEmpty, let encoded = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))),
            id != ".", id != ".."
        else { throw CommandFailure("'\(id)' is not an id") }
        return encoded
    }
}
