import ServiceLifecycle

/// The loop the periodic background services share: once `ready` returns (the schema is in place),
/// runs `pass` every `interval` until graceful shutdown, first at once or, with `waitFirst`, after one
/// interval. A pass handles its own errors, so one failure only waits for the next pass.
public enum PeriodicPass {
    public static func run(
        every interval: Duration, waitFirst: Bool = false, after ready: @escaping @Sendable () async -> Void,
        _ pass: @escaping @Sendable () async -> Void
    ) async {
        await cancelWhenGracefulShutdown {
            await ready()
            if waitFirst { try? await Task.sleep(for: interval) }
            while !Task.isCancelled {
                await pass()
                try? await Task.sleep(for: interval)
            }
        }
    }
}
