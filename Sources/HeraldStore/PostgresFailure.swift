import PostgresKit

/// What PostgreSQL said when a statement or a connection failed, in words an operator can act on.
///
/// PostgresNIO hides every detail behind one generic sentence so that nothing leaks to end users;
/// Herald's errors reach logs and operators, who need the SQLSTATE and the server's message. The
/// query's text and binds, and the server's detail (which quotes a conflicting row's key), are left
/// out: they may hold personal data.
public struct PostgresFailure: Error, Sendable, CustomStringConvertible {
    /// The five-character SQLSTATE, when the server sent one (`40P01` is a deadlock).
    public var sqlState: String?
    public var description: String

    public init(_ error: PSQLError) {
        sqlState = error.serverInfo?[.sqlState]
        var parts = ["PostgreSQL: \(error.code)"]
        if let info = error.serverInfo {
            if let state = info[.sqlState] { parts.append("SQLSTATE \(state)") }
            if let message = info[.message] { parts.append(message) }
            if let hint = info[.hint] { parts.append("hint: \(hint)") }
        }
        if let underlying = error.underlying { parts.append(String(describing: underlying)) }
        description = parts.joined(separator: "; ")
    }
}
