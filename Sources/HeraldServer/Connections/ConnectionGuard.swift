import HTTPTypes
import HeraldCore
import NIOCore
import NIOHTTPTypes

/// The first handler of every client connection, on its bytes: it asks the registry to admit the
/// connection (answering 503 and closing at once when it may not), and closes the connection when a
/// phase outlasts its limit (`ConnectionTimeouts`). `RequestPhases`, after the HTTP decoder, tells
/// it where each request stands.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let registry: ConnectionRegistry
    private var id: UInt64?
    private var refused = false
    private var answeredRefusal = false
    /// An answer was written and the output shut: what the client still sends is read and dropped
    /// until it closes too (or `linger` passes), so that closing does not reset the connection and
    /// destroy the answer before the client reads it.
    private var closing = false
    static let linger = TimeAmount.milliseconds(500)
    private(set) var phase = ConnectionTimeouts.Phase.new
    private var waitingSince: UInt64 = 0
    /// Requests whose response has not ended, and whether the newest one is still being read.
    private var inFlight = 0
    private var reading = false
    private var responseStarted = false
    private var timer: Scheduled<Void>?
    private var generation = 0
    private var context: ChannelHandlerContext?

    init(registry: ConnectionRegistry) {
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let now = NIODeadline.now()
        waitingSince = now.uptimeNanoseconds
        let loop = context.eventLoop
        let me = NIOLoopBound(self, eventLoop: loop)
        switch registry.admit(now: waitingSince, evict: { loop.execute { me.value.evictIfWaiting() } }) {
        case .refused:
            refused = true
        case .admitted(let id):
            self.id = id
            let registry = self.registry
            context.channel.closeFuture.whenComplete { _ in registry.remove(id) }
            schedule(.new, from: now)
        }
        if context.channel.isActive { refuseIfNeeded(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        refuseIfNeeded(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A refused connection's request is not read: the 503 is its whole answer.
        guard !refused, !closing else { return }
        switch phase {
        case .new:
            // The header limit counts from the accept, so a byte now and then does not extend it.
            enter(.readingHead, restartTimer: false)
        case .idle:
            enter(.readingHead)
        case .readingHead, .readingBody, .responding:
            break
        }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if closing, let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: What RequestPhases reports

    func headReceived() {
        inFlight += 1
        reading = true
        enter(.readingBody)
    }

    func requestEnded() {
        reading = false
        enter(.responding)
    }

    func responseHeadWritten() {
        responseStarted = true
    }

    func responseEnded() {
        responseStarted = false
        inFlight = max(0, inFlight - 1)
        if inFlight == 0, !reading { enter(.idle) }
    }

    // MARK: Phases and their limits

    private func enter(_ next: ConnectionTimeouts.Phase, restartTimer: Bool = true) {
        guard next != phase else { return }
        let wasWaiting = ConnectionTimeouts.isWaiting(phase)
        phase = next
        let now = NIODeadline.now()
        if ConnectionTimeouts.isWaiting(next) {
            // new → readingHead keeps its place in the queue: it has waited since the accept.
            if !wasWaiting || restartTimer { waitingSince = now.uptimeNanoseconds }
            if let id { registry.update(id, waitingSince: waitingSince) }
        } else if wasWaiting, let id {
            registry.update(id, waitingSince: nil)
        }
        if restartTimer { schedule(next, from: now) }
    }

    private func schedule(_ phase: ConnectionTimeouts.Phase, from start: NIODeadline) {
        cancelTimer()
        guard let context, let limit = registry.timeouts.limit(phase) else { return }
        generation += 1
        let expected = generation
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: start + TimeAmount(limit)) {
            self.expired(expected)
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }

    private func expired(_ expected: Int) {
        guard expected == generation, let context, !closing else { return }
        timer = nil
        switch phase {
        case .new, .readingHead:
            registry.count(.headerTimeout)
            // Only a client that began a request is told; a silent one is simply closed.
            if phase == .readingHead { return answerAndClose(Self.timedOut, context) }
        case .readingBody:
            registry.count(.bodyTimeout)
            if !responseStarted { return answerAndClose(Self.timedOut, context) }
        case .idle:
            registry.count(.idleTimeout)
        case .responding:
            return
        }
        context.close(promise: nil)
    }

    private func evictIfWaiting() {
        guard let context, !closing, ConnectionTimeouts.isWaiting(phase) else { return }
        context.close(promise: nil)
    }

    private func refuseIfNeeded(_ context: ChannelHandlerContext) {
        guard refused, !answeredRefusal else { return }
        answeredRefusal = true
        answerAndClose(Self.unavailable(limit: registry.limit), context)
    }

    /// Writes a whole answer below the HTTP encoder, shuts the output, and closes after the client
    /// has closed its side or `linger` has passed.
    private func answerAndClose(_ text: String, _ context: ChannelHandlerContext) {
        closing = true
        cancelTimer()
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
        context.close(mode: .output, promise: nil)
        let channel = context.channel
        context.eventLoop.scheduleTask(in: Self.linger) { channel.close(promise: nil) }
    }

    private static let timedOut = response(
        status: "408 Request Timeout",
        problem: #"{"type":"about:blank","title":"Request Timeout","status":408,"detail":"the request was not sent in time; the connection is closed"}"#)

    static func unavailable(limit: Int) -> String {
        response(
            status: "503 Service Unavailable", extra: "Retry-After: 1\r\n",
            problem: #"{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"Herald holds its limit of \#(limit) connections and every one is busy with a request; try again in a moment"}"#)
    }

    private static func response(status: String, extra: String = "", problem: String) -> String {
        "HTTP/1.1 \(status)\r\nContent-Type: application/problem+json\r\nContent-Length: \(problem.utf8.count)\r\nConnection: close\r\n\(extra)\r\n\(problem)"
    }
}

/// After the HTTP decoder: reports each request's head and end, and each response's head and end,
/// to the connection's `ConnectionGuard`.
final class RequestPhases: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var connection: ConnectionGuard?

    func handlerAdded(context: ChannelHandlerContext) {
        connection = try? context.pipeline.syncOperations.handler(type: ConnectionGuard.self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: connection?.headReceived()
        case .body: break
        case .end: connection?.requestEnded()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.kind != .informational: connection?.responseHeadWritten()
        case .end: connection?.responseEnded()
        default: break
        }
        context.write(data, promise: promise)
    }
}
