import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A real HTTP server on a free loopback port for as long as a test's body runs.
///
/// HummingbirdTesting's live mode also connects a client of its own before the body starts, and
/// gives that connect 5 s; beside the whole suite it sometimes took longer and failed tests whose
/// stand-ins nobody but Herald was going to call. This serves without a client.
public enum LoopbackServer {
    public struct DidNotStart: Error, CustomStringConvertible {
        public var description: String { "the loopback server stopped before it listened" }
    }

    /// Serves `router` on 127.0.0.1 and gives the port to `body`; stops the server when `body` ends.
    public static func serve<Value: Sendable>(
        _ router: Router<BasicRequestContext>, logger: Logger = TestDatabase.logger, _ body: (Int) async throws -> Value
    ) async throws -> Value {
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                listening.yield(channel.localAddress?.port ?? 0)
                listening.finish()
            }, logger: logger)
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { listening.finish() }
                try await services.run()
            }
            var started = ports.makeAsyncIterator()
            do {
                guard let port = await started.next() else { throw DidNotStart() }
                let value = try await body(port)
                await services.triggerGracefulShutdown()
                try await group.waitForAll()
                return value
            } catch {
                await services.triggerGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }
}
