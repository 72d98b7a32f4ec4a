import Foundation
import HeraldChannels
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
    /// Takes heartbeat monitors' beats and finds the late ones; one for the routes and the checker.
    public let heartbeats: HeartbeatService
    public let links: IncidentLinkSource
    /// The regulatory clocks' use cases (classify, correct, file, the breach register).
    public let clocks: RegulatoryClocks
    /// Drills and tests: started, scored, and their history.
    public let drills: Drills
    public let site: PublicSite
    public let metrics: HeraldMetrics
    public let reloader: CatalogueReloader?
    /// The clock every part reads; tests pass a fixed one.
    public let now: @Sendable () -> Date
    /// The client webhooks go out with, under the config file's `outbound` policy; the subscribe
    /// form checks subscribers' webhooks with it too.
    public var outbound: OutboundClient { configuration.outboundClient }

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
            links: links, storm: alerts.storm, logger: logger, now: now)
        heartbeats = HeartbeatService(
            store: store, pipeline: pipeline, language: configuration.statusPage.language, zone: configuration.statusPage.timeZone, logger: logger)
        site = PublicSite(store: store, settings: configuration.statusPage, publicURL: configuration.publicURL)
        clocks = RegulatoryClocks(store: store, policy: configuration.compliancePolicy, now: now)
        drills = Drills(store: store, pipeline: pipeline, settings: configuration.drills)
    }

    /// The work Herald does between requests: notice steps, escalation, heartbeat checks, regulatory clocks, action item reminders, scheduled backups,
    /// subscriber updates, delivery.
    public func backgroundServices(logger: Logger) -> [any Service] {
        let configuration = configuration
        var services: [any Service] = []
        if let reloader { services.append(AuditedService(name: "config-reload", service: ReloadOnHangup(reloader: reloader, logger: logger))) }
        services.append(AuditedService(name: "scheduler", service: NoticeScheduler(
            notices: notices, handoff: FanOutHandoff(store: store, logger: logger, publicURL: configuration.publicURL, now: now), recorder: metrics,
            logger: logger)))
        services.append(AuditedService(name: "escalation", service: EscalationService(store: store, pipeline: pipeline, now: now, logger: logger)))
        services.append(AuditedService(name: "heartbeats", service: heartbeats))
        services.append(AuditedService(name: "compliance", service: ComplianceService(
            store: store, pipeline: pipeline, policy: configuration.compliancePolicy, now: now, logger: logger)))
        services.append(AuditedService(name: "action-items", service: ActionItemService(
            store: store, planner: Channels.planner, publicURL: configuration.publicURL, now: now, logger: logger)))
        if !configuration.drills.schedules.isEmpty {
            services.append(AuditedService(name: "drills", service: ScheduledDrills(drills: drills, node: metrics.node, logger: logger, now: now)))
        }
        if let schedule = configuration.backups {
            services.append(AuditedService(name: "backups", service: ScheduledBackups(
                schedule: schedule, store: store, heartbeats: heartbeats, node: metrics.node, zone: configuration.statusPage.timeZone,
                logger: logger, now: now)))
        }
        services.append(SubscriberNotifier(
            store: store, site: site, baseURL: configuration.publicURL ?? "http://\(configuration.host):\(configuration.port)", logger: logger))
        services.append(DeliveryWorker(
            store: store, channels: configuration.channels(logger: logger), policy: configuration.retry, costs: configuration.costs,
            confirmations: configuration.confirmations, recorder: metrics, now: now, logger: logger))
        return services
    }
}
