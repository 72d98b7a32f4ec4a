import Foundation

/// How far a signed request's timestamp may be from now. Signed webhooks sign the time along with the
/// body so that a request someone captured cannot be sent again later: a replay carries its old time,
/// and changing the time breaks the signature. Five minutes either way, as Stripe, Slack and Herald's
/// own webhooks use, allows for clock skew and a retry, not for a replay a day later.
public struct SignatureWindow: Sendable, Equatable {
    public static let standard = SignatureWindow(seconds: 300)

    /// How many seconds before or after now a timestamp may be.
    public var seconds: Int

    public init(seconds: Int) {
        self.seconds = seconds
    }

    public enum Verdict: Sendable, Equatable {
        case fresh
        /// Not Unix seconds written as decimal digits.
        case malformed
        /// Signed this many seconds ago, more than the window allows.
        case tooOld(seconds: Int64)
        /// Dated this many seconds ahead of now, more than the window allows.
        case ahead(seconds: Int64)
    }

    /// Judges a timestamp header, Unix seconds as decimal digits (`1795305600`).
    public func judge(_ timestamp: String, now: Date) -> Verdict {
        guard (1...12).contains(timestamp.utf8.count), timestamp.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let signed = Int64(timestamp)
        else { return .malformed }
        let age = Int64(now.timeIntervalSince1970.rounded(.down)) - signed
        if age > Int64(seconds) { return .tooOld(seconds: age) }
        if -age > Int64(seconds) { return .ahead(seconds: -age) }
        return .fresh
    }

    /// Why a timestamp is refused, for the answer; nil when it is fresh.
    public func refusal(_ verdict: Verdict, header: String) -> String? {
        switch verdict {
        case .fresh: nil
        case .malformed: "\(header) must be the time of signing in Unix seconds"
        case .tooOld(let age): "\(header) is \(age) s old; signed requests are taken for \(seconds) s, so a captured one cannot be sent again"
        case .ahead(let ahead): "\(header) is \(ahead) s ahead of Herald's clock; at most \(seconds) s are allowed"
        }
    }
}
