import Crypto
import Foundation
import HeraldCore
import HummingbirdOTP

/// The optional second factor: TOTP (RFC 6238: 6 digits, 30 s, SHA-1, what authenticator apps
/// expect) and ten one-time recovery codes, of which only SHA-256 hashes are stored.
enum SecondFactor {
    /// 20 random characters; HummingbirdOTP keys the HMAC with their bytes and shows them base32-encoded.
    static func newSecret() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// `otpauth://totp/Herald:<email>?secret=…&issuer=Herald`, for an authenticator app.
    static func uri(secret: String, email: String) -> String {
        TOTP(secret: secret).createAuthenticatorURL(label: "Herald:\(email)", issuer: "Herald")
    }

    /// The secret as the app's "enter a key" asks for it: base32, in groups of four.
    static func typedKey(secret: String) -> String {
        let uri = uri(secret: secret, email: "x")
        let key = uri.split(separator: "secret=").last.map { String($0.prefix { $0 != "&" }) } ?? ""
        return stride(from: 0, to: key.count, by: 4).map { start in
            String(key.dropFirst(start).prefix(4))
        }.joined(separator: " ")
    }

    /// Whether `code` is right now, a step before or a step after (clocks drift).
    static func check(_ code: String, secret: String, now: Date) -> Bool {
        let digits = code.filter(\.isNumber)
        guard digits.count == 6, let number = Int(digits) else { return false }
        let totp = TOTP(secret: secret)
        return [-30.0, 0, 30].contains { totp.compute(date: now.addingTimeInterval($0)) == number }
    }

    /// Ten codes like `k3m9p-x7q2r`, shown once.
    static func newRecoveryCodes() -> [String] {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return (0..<10).map { _ in
            let characters = (0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            return String(characters.prefix(5)) + "-" + String(characters.suffix(5))
        }
    }

    /// How a recovery code is stored and looked up: lowercased, without spaces, hashed.
    static func recoveryHash(_ code: String) -> String {
        let normalized = code.lowercased().filter { !$0.isWhitespace }
        return SHA256.hash(data: Data(normalized.utf8)).hexadecimal
    }

    static func looksLikeRecoveryCode(_ code: String) -> Bool { code.contains("-") && code.count >= 11 }
}
