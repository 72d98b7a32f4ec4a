import Crypto
import Foundation
import HeraldCore
import HeraldStore
import Synchronization

/// Signed, expiring links in pages that let the person paged acknowledge or resolve the incident
/// from the message itself, without logging in: `/respond/{incident}.{contact}.{expires}.{signature}`.
public struct IncidentLinks: Sendable {
    /// Where Herald is reached from outside (`server.public_url`).
    public let publicURL: String
    let secret: SymmetricKey
    /// How long a link works after the page was sent.
    public let lifetime: TimeInterval

    public init(publicURL: String, secret: String, lifetime: TimeInterval = 24 * 3600) {
        self.publicURL = publicURL.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.secret = SymmetricKey(data: Data(secret.utf8))
        self.lifetime = lifetime
    }

    /// Who may do what, read back from a valid link.
    public struct Grant: Sendable, Equatable {
        public var incidentID: String
        public var contactID: String
        public var expires: Date
    }

    func signature(_ payload: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("respond:\(payload)".utf8), using: secret)
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public func token(incidentID: String, contactID: String, now: Date) -> String {
        let payload = "\(incidentID).\(contactID).\(Int(now.addingTimeInterval(lifetime).timeIntervalSince1970))"
        return payload + "." + signature(payload)
    }

    public func url(incidentID: String, contactID: String, now: Date) -> String {
        "\(publicURL)/respond/\(token(incidentID: incidentID, contactID: contactID, now: now))"
    }

    /// The grant a token carries; nil when it was not signed by this Herald or has expired.
    public func verify(_ token: String, now: Date) -> Grant? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, let expires = TimeInterval(parts[2]) else { return nil }
        let expected = signature(parts[0...2].joined(separator: "."))
        guard expected.constantTimeEquals(parts[3]) else { return nil }
        let expiry = Date(timeIntervalSince1970: expires)
        guard expiry > now else { return nil }
        return Grant(incidentID: parts[0], contactID: parts[1], expires: expiry)
    }
}

/// Response links for one Herald: the public URL from the config, the secret from the database,
/// read once and kept.
public final class IncidentLinkSource: Sendable {
    let store: Store
    let publicURL: String?
    private let cached = Mutex<IncidentLinks?>(nil)

    public init(store: Store, publicURL: String?) {
        self.store = store
        self.publicURL = publicURL
    }

    /// nil when Herald has no public URL to put links under.
    public func links() async throws -> IncidentLinks? {
        guard let publicURL else { return nil }
        if let links = cached.withLock({ $0 }) { return links }
        let links = IncidentLinks(publicURL: publicURL, secret: try await store.linkSecret())
        cached.withLock { $0 = links }
        return links
    }
}
