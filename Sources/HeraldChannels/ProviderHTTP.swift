import AsyncHTTPClient
import NIOCore

/// The HTTP client channels send with unless they are given another.
///
/// AsyncHTTPClient's shared client waits up to 90 s for a connection and keeps trying to open one
/// until the request's own deadline: a receiver whose port is closed then cost every message the
/// full response timeout (10 s), and a batch aimed at it held the worker for as long. Here a
/// connection gets `connectTimeout`, apart from the response's deadline, and a refused one fails
/// the attempt at once: the queue retries it with its own backoff, and the circuit breaker counts it.
public enum ProviderHTTP {
    public static let connectTimeout: TimeAmount = .seconds(2)

    public static let configuration: HTTPClient.Configuration = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.timeout = .init(connect: connectTimeout, read: .seconds(90))
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }()

    /// Never shut down: it lives as long as the process, like the shared client it replaces.
    public static let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
}
