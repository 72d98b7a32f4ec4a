import AsyncHTTPClient
import HeraldChannels
import NIOCore

extension OutboundClient {
    /// For channels tested against receivers on loopback, as an operator would allow an internal
    /// host in `outbound.allow`; the default client refuses 127.0.0.1.
    /// Its connections get 30 s to open: beside the whole suite the test process's event loops are
    /// so busy that a loopback connect once took longer than the 2 s operators get.
    public static let local = OutboundClient.allowing(["127.0.0.1"], connectTimeout: .seconds(30))

    /// A client allowing `entries`, with the same 30 s to connect as `local`.
    public static func loopback(_ entries: [String], resolver: OutboundResolver = .system) -> OutboundClient {
        .allowing(entries, resolver: resolver, connectTimeout: .seconds(30))
    }
}

extension HTTPClient {
    /// For provider channels (SMS, voice) tested against stand-ins on loopback, with the same 30 s
    /// to connect as `OutboundClient.local`; their limits on the answer stay as configured.
    public static let local: HTTPClient = {
        var configuration = ProviderHTTP.configuration
        configuration.timeout.connect = .seconds(30)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
