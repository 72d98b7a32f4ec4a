import Foundation
import HTTPTypes
import HeraldApp
import HeraldCore
import HeraldStore

/// A signed-in console user for tests: an operator made as `herald user create` makes one, and a
/// session made in the store (as signing in does), sent as the `herald_session` cookie. Forms get
/// their `csrf` from a page, as a browser does.
struct ConsoleUser: Sendable {
    let account: Operator
    let password: String
    let secret: String

    var cookie: HTTPFields { [.cookie: "herald_session=\(secret)"] }
}

extension TestServer {
    static let consolePassword = "correct horse battery"

    /// Makes an operator whose password is `consolePassword`. Its bcrypt hash is made once per run:
    /// each hash takes a quarter of a second of a core, which the other tests beside these need.
    func consoleUser(_ role: Role, email: String? = nil) async throws -> ConsoleUser {
        let account = try await store.createOperator(
            email: email ?? "\(role.rawValue)@example.com", name: "\(role.rawValue) 用户", role: role,
            passwordHash: try await ConsolePasswordHash.shared.value(), createdBy: "test")
        return try await session(for: account)
    }

    func session(for account: Operator) async throws -> ConsoleUser {
        let issued = try await store.createConsoleSession(operatorID: account.id, clientAddress: "127.0.0.1")
        return ConsoleUser(account: account, password: Self.consolePassword, secret: issued.secret)
    }

    func get(_ path: String, as user: ConsoleUser?, headers: HTTPFields = [:]) async throws -> Reply {
        var all = headers
        if let user { all.append(contentsOf: user.cookie) }
        return try await send(.get, path, headers: all)
    }

    /// POSTs a form as `user`, with the session's CSRF token unless `csrf` says otherwise.
    func post(_ path: String, as user: ConsoleUser, form: [String: String], csrf: String? = nil, withCSRF: Bool = true) async throws -> Reply {
        var fields = form
        if withCSRF {
            if let csrf { fields["csrf"] = csrf } else { fields["csrf"] = try await csrfToken(for: user) }
        }
        var headers = user.cookie
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await send(.post, path, body: Self.formBody(fields), headers: headers)
    }

    func csrfToken(for user: ConsoleUser) async throws -> String {
        let page = try await get("/console/account", as: user)
        guard let match = page.body.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/) else { throw ConsoleFixtureError.noCSRF(page.status.code) }
        return String(match.output.1)
    }

    /// Signs in through the form, as a browser does: the form's cookie and token, then the fields.
    func login(email: String, password: String, code: String? = nil, next: String? = nil) async throws -> Reply {
        let form = try await send(.get, "/console/login")
        guard let token = form.body.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.output.1 else { throw ConsoleFixtureError.noCSRF(form.status.code) }
        var fields = ["csrf": String(token), "email": email, "password": password]
        if let code { fields["code"] = code }
        if let next { fields["next"] = next }
        let headers: HTTPFields = [.cookie: "herald_login=\(token)", .contentType: "application/x-www-form-urlencoded"]
        return try await send(.post, "/console/login", body: Self.formBody(fields), headers: headers)
    }

    static func formBody(_ fields: [String: String]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return fields.sorted { $0.key < $1.key }.map {
            "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}

extension Reply {
    /// The value of the cookie `name` this answer sets, and the whole Set-Cookie line.
    func setCookie(_ name: String) -> (value: String, line: String)? {
        for line in headers[values: .setCookie] where line.hasPrefix("\(name)=") {
            let value = line.dropFirst(name.count + 1).prefix { $0 != ";" }
            return (String(value), line)
        }
        return nil
    }
}

/// The one bcrypt hash of `TestServer.consolePassword` the tests share.
actor ConsolePasswordHash {
    static let shared = ConsolePasswordHash()
    private var hash: String?

    func value() async throws -> String {
        if let hash { return hash }
        let made = try await OperatorPassword.hash(TestServer.consolePassword)
        hash = made
        return made
    }
}

enum ConsoleFixtureError: Error {
    case noCSRF(Int)
}
