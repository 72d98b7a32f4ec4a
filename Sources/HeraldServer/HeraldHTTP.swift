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
    public static func router(
        store: Store, notices: NoticeService, metrics: HeraldMetrics, reloader: CatalogueReloader?, maxBodyBytes: Int,
        costs: CostPolicy = CostPolicy(), twilio: [TwilioAccount] = [], alerts: AlertSettings = AlertSettings(),
        publicURL: String? = nil, statusPage: StatusPageSettings = StatusPageSettings()
    ) throws -> (Router<HeraldRequestContext>, [AdminRoute]) {
        let router = Router(context: HeraldRequestContext.self)
        // Metrics first so they see the final status, including problem responses.
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: ProblemMiddleware())
        SystemRoutes.add(to: router, store: store, metrics: metrics, openAPI: try openAPIDocument())
        UnsubscribeRoutes.add(to: router, store: store)
        let site = PublicSite(store: store, settings: statusPage, publicURL: publicURL)
        StatusPageRoutes.add(to: router, site: site)
        SubscribeRoutes.add(to: router, store: store, site: site, limits: ClientLimits(limit: statusPage.subscriptionsPerHour, span: 3600))
        FeedbackRoutes.add(to: router, store: store, site: site, limits: ClientLimits(limit: statusPage.feedbackPerHour, span: 3600))
        TwilioReceiptRoutes.add(
            to: router, accounts: twilio, receipts: DeliveryReceipts(store: store, logger: Logger(label: "herald.receipts")),
            maxBodyBytes: maxBodyBytes)

        var api = AdminAPI(router: router, authenticator: Authenticator(store: store), body: JSONBody(limit: maxBodyBytes))
        api.addComponentRoutes(store: store)
        api.addComponentGroupRoutes(store: store)
        api.addTokenRoutes(store: store)
        api.addNoticeRoutes(notices: notices)
        api.addDeliveryRoutes(store: store, costs: costs)
        api.addIncidentRoutes(store: store)
        api.addSilenceRoutes(store: store)
        api.addScheduleRoutes(store: store)
        api.addTeamRoutes(store: store)
        api.addFeedbackRoutes(store: store, siteName: statusPage.name(statusPage.language))
        let logger = Logger(label: "herald.alerts")
        let links = IncidentLinkSource(store: store, publicURL: publicURL)
        RespondRoutes.add(to: router, store: store, links: links)
        IngestRoutes.add(
            to: router, store: store,
            pipeline: AlertPipeline(
                store: store, severity: alerts.severity, autoResolve: alerts.autoResolve, inhibitions: alerts.inhibitions,
                flapping: alerts.flapping, links: links, logger: logger, now: store.now),
            limits: IngestLimits(maxBodyBytes: alerts.maxBodyBytes, perMinute: alerts.perMinute))
        api.addConfigRoutes(reloader: reloader)
        return (router, api.routes)
    }

    public static func application(
        configuration: HeraldConfiguration, store: Store, notices: NoticeService, metrics: HeraldMetrics,
        reloader: CatalogueReloader?, logger: Logger, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws -> Application<RouterResponder<HeraldRequestContext>> {
        let (router, _) = try router(
            store: store, notices: notices, metrics: metrics, reloader: reloader, maxBodyBytes: configuration.maxBodyBytes,
            costs: configuration.costs, twilio: configuration.receiptAccounts, alerts: configuration.alerts,
            publicURL: configuration.publicURL, statusPage: configuration.statusPage)
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Herald"),
            onServerRunning: onServerRunning,
            logger: logger)
    }
}
