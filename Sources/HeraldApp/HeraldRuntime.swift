import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import Logging
import ServiceLifecycle

/// Everything a running Herald shares, built once at start and handed to the HTTP server and the
/// background services alike: one alert pipeline, one public-site cache, one clock.
public struct HeraldRuntime: Sendable {
    public let configuration: HeraldConfiguration
    public let store: Store
    public let notices: NoticeService
    public let pipeline: AlertPipeline
    public let links: IncidentLinkSource
    public let site: PublicSite
    public let metrics: HeraldMetrics
    public let reloader: CatalogueReloader?
    /// The clock every part reads; tests pass a fixed one.
    public let now: @Sendable () -> Date

    public init(
        configuration: HeraldConfiguration, store: Store, templates: NoticeTemplates, metrics: HeraldMetrics, reloader: CatalogueReloader?,
        logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.store = store
        self.metrics = metrics
        self.reloader = reloader
        self.now = now
        notices = NoticeService(store: store, templates: templates, settings: configuration.notices, publicURL: configuration.publicURL, now: now)
        links = IncidentLinkSource(store: store, publicURL: configuration.publicURL)
        let alerts = configuration.alerts
        pipeline = AlertPipeline(
            store: store, severity: alerts.severity, autoResolve: alerts.autoResolve, inhibitions: alerts.inhibitions, flapping: alerts.flapping,
            links: links, logger: logger, now: now)
        site = PublicSite(store: store, settings: configuration.statusPage, publicURL: configuration.publicURL)
    }

    /// The work Herald does between requests: notice steps, escalation, subscriber updates, delivery.
    public func backgroundServices(logger: Logger) -> [any Service] {
        let configuration = configuration
        var services: [any Service] = []
        if let reloader { services.append(ReloadOnHangup(reloader: reloader, logger: logger)) }
        services.append(NoticeScheduler(
            notices: notices, handoff: FanOutHandoff(store: store, logger: logger, publicURL: configuration.publicURL, now: now), recorder: metrics,
            logger: logger))
        services.append(EscalationService(store: store, pipeline: pipeline, now: now, logger: logger))
        services.append(SubscriberNotifier(
            store: store, site: site, baseURL: configuration.publicURL ?? "http://\(configuration.host):\(configuration.port)", logger: logger))
        services.append(DeliveryWorker(
            store: store, channels: configuration.channels(logger: logger), policy: configuration.retry, costs: configuration.costs,
            confirmations: configuration.confirmations, recorder: metrics, now: now, logger: logger))
        return services
    }
}
