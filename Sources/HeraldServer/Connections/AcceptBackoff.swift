import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// On the listening socket: when accepting fails because the process (EMFILE) or the system (ENFILE)
/// has no file descriptor left, or memory is short, stop accepting for a moment instead of trying
/// again at once. NIO keeps the socket readable and retries immediately, which spins a core at 100 %
/// while the connections already held cannot be served. The pause doubles from 5 ms to 1 s, as Go's
/// net/http does, and resets after an accept succeeds. Waiting clients stay in the backlog.
final class AcceptBackoff: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel
    typealias OutboundIn = Never
    typealias OutboundOut = Never

    static let first = TimeAmount.milliseconds(5)
    static let longest = TimeAmount.seconds(1)

    let logger: Logger
    private var pause: TimeAmount?
    private var paused = false
    private var readHeld = false

    init(logger: Logger) {
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pause = nil
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? IOError, Self.isShortage(error.errnoCode) else {
            context.fireErrorCaught(error)
            return
        }
        let next = pause.map { min($0 * 2, Self.longest) } ?? Self.first
        if pause == nil {
            logger.warning(
                "cannot accept connections: out of file descriptors or memory; pausing accepts",
                metadata: ["error": "\(error)"])
        }
        pause = next
        guard !paused else { return }
        paused = true
        context.eventLoop.assumeIsolated().scheduleTask(in: next) {
            self.paused = false
            if self.readHeld {
                self.readHeld = false
                context.read()
            }
        }
    }

    func read(context: ChannelHandlerContext) {
        if paused {
            readHeld = true
        } else {
            context.read()
        }
    }

    static func isShortage(_ code: Int32) -> Bool {
        code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM
    }
}
