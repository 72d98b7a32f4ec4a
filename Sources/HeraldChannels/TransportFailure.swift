import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Why a request got no answer, in plain words for the log, the delivery's last error and the
/// operator: "connection refused by 127.0.0.1:9", "timed out after 10 s", not NIO's debug text.
public enum TransportFailure {
    /// `url` is where the request went and `timeout` the request's own deadline.
    public static func describe(_ error: any Error, url: String, timeout: TimeAmount?) -> String {
        let target = Self.target(url)
        if let error = error as? NIOConnectionError {
            let host = "\(error.host):\(error.port)"
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return "the name \(error.host) could not be resolved"
            }
            if let first = error.connectionErrors.first {
                return connecting(first.error, to: host)
            }
            return "could not connect to \(host)"
        }
        if let error = error as? IOError { return connecting(error, to: target) }
        if let error = error as? SocketAddressError, case .unknown(let host, _) = error {
            return "the name \(host) could not be resolved"
        }
        if let channelError = error as? ChannelError, case .connectTimeout(let amount) = channelError {
            return "could not connect to \(target) within \(seconds(amount))"
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout:
                return timeout.map { "timed out after \(seconds($0)) waiting for \(target)" } ?? "timed out waiting for \(target)"
            case .connectTimeout:
                return "could not connect to \(target) within \(seconds(ProviderHTTP.connectTimeout))"
            case .remoteConnectionClosed:
                return "\(target) closed the connection before answering"
            case .tlsHandshakeTimeout:
                return "the TLS handshake with \(target) timed out"
            case .cancelled:
                return "the request to \(target) was cancelled"
            default:
                return "the request to \(target) failed: \(error.shortDescription)"
            }
        }
        if let error = error as? NIOSSLError {
            switch error {
            case .handshakeFailed: return "the TLS handshake with \(target) failed (its certificate or protocol was refused)"
            case .uncleanShutdown: return "\(target) closed the TLS connection before answering"
            default: return "TLS with \(target) failed"
            }
        }
        if error is NIOSSLExtraError { return "the TLS handshake with \(target) failed (its certificate was refused)" }
        return "the request to \(target) failed: \(String(describing: error).prefix(200))"
    }

    /// An error from opening a connection to `host`.
    static func connecting(_ error: any Error, to host: String) -> String {
        guard let error = error as? IOError else {
            if let error = error as? ChannelError, case .connectTimeout(let amount) = error {
                return "could not connect to \(host) within \(seconds(amount))"
            }
            return "could not connect to \(host): \(String(describing: error).prefix(200))"
        }
        switch error.errnoCode {
        case ECONNREFUSED: return "connection refused by \(host)"
        case ETIMEDOUT: return "could not connect to \(host): timed out"
        case EHOSTUNREACH: return "\(host) is unreachable (no route to host)"
        case ENETUNREACH: return "\(host) is unreachable (network unreachable)"
        case ECONNRESET: return "\(host) reset the connection"
        default: return "could not connect to \(host): \(String(cString: strerror(error.errnoCode)).lowercased())"
        }
    }

    /// host:port of a URL, with the scheme's port when none is written.
    static func target(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return url }
        let port = components.port ?? (components.scheme == "https" ? 443 : 80)
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    static func seconds(_ amount: TimeAmount) -> String {
        let milliseconds = amount.nanoseconds / 1_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }
}

extension HTTPClientError {
    /// AsyncHTTPClient's description is `HTTPClientError.readTimeout`; the name is what reads.
    var shortDescription: String {
        let text = String(describing: self)
        return text.hasPrefix("HTTPClientError.") ? String(text.dropFirst("HTTPClientError.".count)) : text
    }
}
