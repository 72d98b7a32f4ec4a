import HeraldApp
import Foundation
import struct HeraldChannels.TwilioAccount
import HeraldCore
import HeraldEngine
import HeraldStore
import Hummingbird
import Logging
import NIOCore

/// Builds Herald's HTTP application: the routes, their order of middleware, and the server settings.
public enum HeraldHTTP {
    /// The OpenAPI 3.1 description of the admin API, shipped with the binary and served as-is.
    public static func openAPIDocument() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }

    /// The router and the admin routes it serves (with the role each needs).
    public static func router(_ runtime: HeraldRuntime) throws -> (Router<HeraldRequestContext>, [AdminRoute]) {
        let configuration = runtime.configuration
        let store = runtime.store
        let statusPage = configuration.statusPage
        let maxBodyBytes = configuration.maxBodyBytes
        let router = Router(context: HeraldRequestContext.self)
        // Metrics first so they see the final status, including problem responses.
        router.add(middleware: RequestMetricsMiddleware(metrics: runtime.metrics))
        // Before anything reads the client's address: behind a trusted proxy it is the forwarded one.
        if !configuration.trustedProxies.isEmpty { router.add(middleware: ClientAddressMiddleware(trusted: configuration.trustedProxies)) }
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ProblemMiddleware())
        SystemRoutes.add(to: router, store: store, metrics: runtime.metrics, openAPI: try openAPIDocument())
        UnsubscribeRoutes.add(to: router, store: store)
        let site = runtime.site
        StatusPageRoutes.add(to: router, site: site)
        SubscribeRoutes.add(to: router, store: store, site: site, limits: ClientLimits(limit: statusPage.subscriptionsPerHour, span: 3600),
            outbound: runtime.outbound)
        FeedbackRoutes.add(to: router, store: store, site: site, limits: ClientLimits(limit: statusPage.feedbackPerHour, span: 3600))
        TwilioReceiptRoutes.add(
            to: router, accounts: configuration.receiptAccounts, receipts: DeliveryReceipts(store: store, logger: Logger(label: "herald.receipts")),
            maxBodyBytes: maxBodyBytes)

        var api = AdminAPI(router: router, authenticator: Authenticator(store: store), body: JSONBody(limit: maxBodyBytes))
        api.addComponentRoutes(store: store)
        api.addComponentGroupRoutes(store: store)
        api.addTokenRoutes(store: store)
        api.addNoticeRoutes(notices: runtime.notices)
        api.addDeliveryRoutes(store: store, costs: configuration.costs)
        api.addIncidentRoutes(store: store)
        api.addAnalyticsRoutes(store: store)
        api.addComplianceRoutes(clocks: runtime.clocks)
        api.addMilestoneRoutes(store: store)
        api.addPostmortemRoutes(store: store)
        api.addActionItemRoutes(store: store)
        api.addDrillRoutes(drills: runtime.drills)
        api.addSilenceRoutes(store: store)
        api.addStormRoutes(store: store)
        api.addScheduleRoutes(store: store)
        api.addTeamRoutes(store: store)
        api.addRecordRoutes(store: store)
        api.addFeedbackRoutes(store: store, siteName: statusPage.name(statusPage.language))
        RespondRoutes.add(to: router, store: store, links: runtime.links, pipeline: runtime.pipeline, zone: statusPage.timeZone)
        let ingestLimits = IngestLimits(
            maxBodyBytes: configuration.alerts.maxBodyBytes, perMinute: configuration.alerts.perMinute,
            signatureWindow: configuration.alerts.signatureWindow)
        IngestRoutes.add(to: router, store: store, pipeline: runtime.pipeline, limits: ingestLimits)
        BeatRoutes.add(to: router, store: store, heartbeats: runtime.heartbeats, limits: ingestLimits)
        api.addHeartbeatRoutes(store: store, publicURL: configuration.publicURL)
        api.addConfigRoutes(reloader: runtime.reloader)
        ConsoleRoutes.add(to: router, runtime: runtime)
        // Last, so it wraps only the not-found answer: a served path with another method gets 405.
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
        return (router, api.routes)
    }

    public static func application(
        _ runtime: HeraldRuntime, logger: Logger, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws -> Application<RouterResponder<HeraldRequestContext>> {
        let configuration = runtime.configuration
        let (router, _) = try router(runtime)
        let descriptors = FileDescriptorLimit.current() ?? 1024
        let limit = configuration.connections.limit(descriptors: descriptors)
        if let asked = configuration.connections.maxConnections, asked > limit {
            logger.warning(
                "server.max_connections is more than the open-files limit allows; holding fewer",
                metadata: ["max_connections": "\(asked)", "open_files": "\(descriptors)", "holding": "\(limit)"])
        }
        let connections = ConnectionRegistry(limit: limit, timeouts: configuration.connections.timeouts, metrics: runtime.metrics)
        return Application(
            router: router,
            server: .guarded(connections),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Herald", backlog: 1024),
            onServerRunning: { channel in
                try? await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(AcceptBackoff(logger: logger), position: .first)
                }.get()
                await onServerRunning(channel)
            },
            logger: logger)
    }
}
