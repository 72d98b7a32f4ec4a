import HeraldCore
import Hummingbird

/// A submitted console form: its fields, already checked for UTF-8 (`FormEncoding`). Repeated names
/// (checkboxes, multiple selects) are kept in `pairs`.
public struct ConsoleFormData: Sendable {
    public let pairs: [(String, String)]

    public init(pairs: [(String, String)]) {
        self.pairs = pairs
    }

    /// The last value of `name`, trimmed of surrounding space; nil when absent.
    public subscript(_ name: String) -> String? {
        pairs.last { $0.0 == name }.map { $0.1.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The value exactly as typed (passwords).
    public func raw(_ name: String) -> String? { pairs.last { $0.0 == name }?.1 }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }

    static func read(_ request: Request, limit: Int) async throws -> ConsoleFormData? {
        let body = try await request.body.collect(upTo: limit)
        guard let pairs = try? FormEncoding.pairs(body.readableBytesView) else { return nil }
        return ConsoleFormData(pairs: pairs)
    }
}
