import Foundation

/// A signed-in browser. Only a SHA-256 of its secret (the cookie's value) is stored.
public struct ConsoleSession: Sendable, Equatable {
    public var id: String
    public var operatorID: String
    public var createdAt: Date
    public var lastSeenAt: Date
    /// Where it signed in from, to tell one's sessions apart.
    public var clientAddress: String

    public init(id: String, operatorID: String, createdAt: Date, lastSeenAt: Date, clientAddress: String) {
        self.id = id
        self.operatorID = operatorID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.clientAddress = clientAddress
    }
}

/// A new session and its secret, which exists only in this value and the browser's cookie.
public struct IssuedConsoleSession: Sendable {
    public var session: ConsoleSession
    public var secret: String

    public init(session: ConsoleSession, secret: String) {
        self.session = session
        self.secret = secret
    }
}
