import HeraldCore

/// Where Herald keeps its data: an embedded SQLite file (the default) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// The default for `herald serve` on a fresh machine: a file under `./herald-data/`.
    public static let defaultSQLite = DatabaseLocation.sqlite(path: "herald-data/herald.sqlite")

    /// Reads `sqlite:PATH`, `postgres://…` or `postgresql://…`.
    public init(parsing text: String) throws(FieldError) {
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw FieldError("database", "sqlite: needs a file path, e.g. sqlite:herald-data/herald.sqlite") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            throw FieldError("database", "must be sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
    }

    /// Safe to log: a PostgreSQL password is masked.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard let at = url.lastIndex(of: "@"), let schemeEnd = url.range(of: "://") else { return url }
            let credentials = url[schemeEnd.upperBound..<at]
            guard let colon = credentials.firstIndex(of: ":") else { return url }
            return url.replacingCharacters(in: url.index(after: colon)..<at, with: "****")
        }
    }
}
