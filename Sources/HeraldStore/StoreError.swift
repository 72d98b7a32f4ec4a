import HeraldCore

/// Why the store refused or failed an operation, in terms the API can pass on.
public enum StoreError: Error, Sendable, Equatable {
    /// No record of `kind` with `id`.
    case notFound(kind: String, id: String)
    /// The write would break a rule about existing data, e.g. a duplicate id.
    case conflict(FieldError)
    /// Input that is well-formed but refers to something that does not exist.
    case invalid([FieldError])
    case invalidDatabase(String)
    /// The database has migrations this build of Herald does not know: it is older than the data.
    case schemaTooNew(database: Int, known: Int)
}

extension StoreError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notFound(let kind, let id): "no \(kind) with id '\(id)'"
        case .conflict(let error): error.description
        case .invalid(let errors): errors.map(\.description).joined(separator: "; ")
        case .invalidDatabase(let message): message
        case .schemaTooNew(let database, let known):
            "the database is at schema version \(database) but this Herald knows only up to \(known); run a newer Herald"
        }
    }
}
