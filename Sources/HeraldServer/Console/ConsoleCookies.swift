import Crypto
import Foundation
import HeraldCore
import Hummingbird

/// The console's cookies: `herald_session` (the session's secret) and `herald_login` (the
/// double-submit token of the sign-in and setup forms, which have no session yet). Both are HttpOnly,
/// limited to /console, SameSite=Lax (the login one Strict), and Secure when Herald is served over https.
enum ConsoleCookies {
    static let session = "herald_session"
    static let login = "herald_login"

    static func setSession(_ secret: String, secure: Bool) -> String {
        make(session, secret, sameSite: "Lax", maxAge: Int(ConsoleSessionPolicy.absoluteTimeout), secure: secure)
    }

    static func clearSession(secure: Bool) -> String { make(session, "", sameSite: "Lax", maxAge: 0, secure: secure) }

    static func setLogin(_ token: String, secure: Bool) -> String { make(login, token, sameSite: "Strict", maxAge: 3600, secure: secure) }

    static func make(_ name: String, _ value: String, sameSite: String, maxAge: Int, secure: Bool) -> String {
        "\(name)=\(value); Path=/console; Max-Age=\(maxAge); HttpOnly; SameSite=\(sameSite)" + (secure ? "; Secure" : "")
    }

    static func value(_ name: String, in request: Request) -> String? {
        guard let value = request.cookies[name]?.value, !value.isEmpty else { return nil }
        return value
    }
}

/// CSRF tokens. A session's token is derived from its secret (so it needs no column and cannot be
/// read from the database); the sign-in form's is a random value in a cookie and the form alike.
enum ConsoleCSRF {
    static func token(forSession secret: String) -> String {
        SHA256.hash(data: Data("herald-console-csrf:\(secret)".utf8)).hexadecimal
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexadecimal
    }

    /// Compares in time that does not depend on where the two differ.
    static func matches(_ given: String?, _ expected: String) -> Bool {
        guard let given else { return false }
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        guard a.count == b.count, !b.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
