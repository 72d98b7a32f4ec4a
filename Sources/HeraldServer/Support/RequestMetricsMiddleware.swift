import HeraldApp
import Hummingbird
import Prometheus

/// Counts requests and times them per route (the route pattern, not the raw path, to bound cardinality).
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: HeraldMetrics

    static var requests: MetricNameDescriptor {
        .init(namespace: "herald", subsystem: "http", metricName: "requests", unitName: "total",
              helpText: "HTTP requests answered, by method, route pattern and status.")
    }
    static var duration: MetricNameDescriptor {
        .init(namespace: "herald", subsystem: "http", metricName: "request_duration", unitName: "seconds",
              helpText: "Time to answer HTTP requests, by method and route pattern.")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        let labels = [("method", request.method.rawValue), ("route", route), ("status", String(response.status.code))]
        metrics.registry.makeCounter(descriptor: Self.requests, labels: labels).increment()
        metrics.registry.makeDurationHistogram(
            descriptor: Self.duration,
            labels: [("method", request.method.rawValue), ("route", route)],
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2)]
        ).record(ContinuousClock.now - start)
        return response
    }
}
