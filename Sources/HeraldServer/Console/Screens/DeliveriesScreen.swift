import Foundation
import HeraldApp
import HeraldChannels
import HeraldCore
import HeraldStore
import Hummingbird
import Logging

/// `/console/deliveries`: the queue by channel and state, this month's spending against each
/// channel's budget (`DeliverySummary`, as `GET /deliveries/summary`), the last 30 days' delivery
/// report (`DeliveryReportCard`, as `GET /analytics/deliveries`), the dead letters a page at a
/// time with a retry each (`DeadLetterRetry`, as `POST /deliveries/{id}/retry`), and a test message
/// per channel to an address the operator types, queued like any delivery (`ChannelTestMessage`).
enum DeliveriesScreen {
    static let messages: [String: Phrase] = ["retried": .deliveriesRetried, "test": .deliveriesTestQueued]

    static func add(to console: Console) {
        let store = console.store
        let configuration = console.runtime.configuration
        let clock = console.runtime.now
        let channels = configuredChannels(configuration)
        let siteName = configuration.statusPage.name(configuration.statusPage.language)

        console.page("deliveries") { request, _, viewer in
            guard let pageRequest = ScreenKit.pageRequest(request), let dead = try? await store.deadLetters(page: pageRequest) else {
                return ScreenKit.badQuery(viewer, .deliveries, .navDeliveries, path: "/console/deliveries")
            }
            return try await page(store, viewer, configuration: configuration, channels: channels, now: clock(), dead: dead,
                isFirst: request.uri.queryParameters.get("cursor") == nil, banner: ConsoleBanner.done(request, viewer, messages))
        }

        console.action("deliveries/:id/retry", role: .responder) { _, context, viewer, _ in
            guard let id = Int64(context.parameters.get("id") ?? "") else { return ScreenKit.notFound(viewer, .deliveries, .navDeliveries) }
            do {
                _ = try await DeadLetterRetry.retry(store, id: id)
            } catch is DeadLetterRetry.Erased {
                return try await page(store, viewer, configuration: configuration, channels: channels, now: clock(),
                    dead: try await store.deadLetters(page: PageRequest()), isFirst: true, banner: .error(viewer.text(.deliveriesErased)), status: .conflict)
            } catch StoreError.notFound {
                return ScreenKit.notFound(viewer, .deliveries, .navDeliveries)
            } catch StoreError.conflict {
                return try await page(store, viewer, configuration: configuration, channels: channels, now: clock(),
                    dead: try await store.deadLetters(page: PageRequest()), isFirst: true, banner: .error(viewer.text(.deliveriesNotDead)), status: .conflict)
            }
            context.logger.notice("dead letter retried", metadata: ["delivery": "\(id)", "actor": "\(viewer.actor)"])
            return ConsoleResponse.redirect(to: "/console/deliveries?done=retried")
        }

        console.action("deliveries/test", role: .responder) { _, context, viewer, form in
            let address = form["address"] ?? ""
            do {
                guard let channel = form["channel"].flatMap(ChannelKind.init(rawValue:)), channels.contains(channel) else {
                    throw ValidationFailure([FieldError("channel", viewer.text(.deliveriesNoSuchChannel))])
                }
                let key = try await ChannelTestMessage.enqueue(
                    store, channel: channel, address: address, actor: viewer.actor, language: viewer.language, siteName: siteName, now: clock())
                context.logger.notice("test message queued", metadata: ["channel": "\(channel.rawValue)", "key": "\(key)", "actor": "\(viewer.actor)"])
                return ConsoleResponse.redirect(to: "/console/deliveries?done=test")
            } catch {
                guard let problems = ScreenKit.problems(error, viewer.language) else { throw error }
                return try await page(store, viewer, configuration: configuration, channels: channels, now: clock(),
                    dead: try await store.deadLetters(page: PageRequest()), isFirst: true, banner: .error(viewer.text(.formHasProblems)),
                    typed: ["channel": form["channel"] ?? "", "address": address], problems: problems, status: .unprocessableContent)
            }
        }
    }

    /// The channels deliveries can go out on, as the worker builds them.
    static func configuredChannels(_ configuration: HeraldConfiguration) -> [ChannelKind] {
        configuration.channels(logger: Logger(label: "herald.console")).map(\.kind)
    }

    static func stateLabel(_ state: DeliveryState) -> Phrase {
        switch state {
        case .pending: .deliveryPending
        case .sent: .deliverySent
        case .dead: .deliveryDead
        case .withdrawn: .deliveryWithdrawn
        }
    }

    static func page(
        _ store: Store, _ viewer: ConsoleViewer, configuration: HeraldConfiguration, channels: [ChannelKind], now: Date, dead: Page<Delivery>,
        isFirst: Bool, banner: ConsoleBanner?, typed: [String: String] = [:], problems: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let summary = try await DeliverySummary.current(store: store, costs: configuration.costs, now: now)
        let countRows = summary.channels.keys.sorted().map { channel -> [String] in
            ["<code>\(HTML.escape(channel))</code>"] + DeliveryState.allCases.map { String(summary.channels[channel]?[$0.rawValue] ?? 0) }
        }
        let counts = ConsoleTable(
            caption: viewer.text(.deliveriesCounts), headers: [viewer.text(.deliveriesChannel)] + DeliveryState.allCases.map { viewer.text(stateLabel($0)) },
            rows: countRows, empty: viewer.text(.deliveriesNone))
        let spendRows = summary.month.channels.keys.sorted().map { channel -> [String] in
            let spending = summary.month.channels[channel]!
            let used = spending.used.map { used -> String in
                let percent = Int((used * 100).rounded())
                let state = used >= 1 ? "off" : (used >= configuration.costs.warnAt ? "warn" : "on")
                return "<span class=\"pill \(state)\">\(percent)%</span>"
            } ?? "—"
            return [
                "<code>\(HTML.escape(channel))</code>", String(spending.sent), String(format: "%.2f %@", spending.cost, summary.month.currency),
                spending.budget.map { String(format: "%.2f %@", $0, summary.month.currency) } ?? "—", used,
            ].map { $0.contains("<") ? $0 : HTML.escape($0) }
        }
        let spend = ConsoleTable(
            caption: viewer.text(.deliveriesSpend),
            headers: [viewer.text(.deliveriesChannel), viewer.text(.deliveriesSent), viewer.text(.deliveriesCost), viewer.text(.deliveriesBudget), viewer.text(.deliveriesUsed)],
            rows: spendRows, empty: viewer.text(.deliveriesNoSpend))
        let deadRows = dead.items.map { delivery -> [String] in
            let retry = viewer.may(.responder)
                ? ConsoleForm(action: "/console/deliveries/\(delivery.id)/retry", csrf: viewer.csrfToken, style: .inline)
                    .submit(viewer.text(.deliveriesRetry), style: .secondary).html
                : ""
            return [
                String(delivery.id), "<code>\(HTML.escape(delivery.channel.rawValue))</code>", HTML.escape(delivery.address),
                HTML.escape(delivery.subject ?? String(delivery.body.prefix(80))), HTML.escape(delivery.lastError ?? "—"),
                String(delivery.attempts), ConsoleTime.element(delivery.createdAt, viewer.zone), retry,
            ]
        }
        let deadTable = ConsoleTable(
            caption: viewer.text(.overviewDeadLetters),
            headers: ["#", viewer.text(.deliveriesChannel), viewer.text(.deliveriesAddress), viewer.text(.deliveriesSubject), viewer.text(.deliveriesLastError),
                      viewer.text(.deliveriesAttempts), viewer.text(.columnCreated), viewer.text(.columnActions)],
            rows: deadRows, empty: viewer.text(.deliveriesNoDead))
        let reportSince = now.addingTimeInterval(-DeliveryReportCard.days * 86_400)
        let report = try await store.deliveryReport(from: reportSince, until: now)
        var body = ScreenKit.card(viewer.text(.deliveriesCounts), counts.html)
            + ScreenKit.card(viewer.text(.deliveriesSpend), "<p class=\"meta\">\(viewer.text(.deliveriesMonthSince, ["start": ConsoleTime.element(summary.month.start, viewer.zone)]))</p>" + spend.html)
            + DeliveryReportCard.html(report, since: reportSince, currency: summary.month.currency, viewer: viewer)
            + ScreenKit.card(viewer.text(.overviewDeadLetters), deadTable.html + ConsolePager(path: "/console/deliveries", next: dead.next, isFirst: isFirst).html(viewer), wide: true)
        if viewer.may(.responder) {
            let test = ConsoleForm(action: "/console/deliveries/test", csrf: viewer.csrfToken)
                .field(.select("channel", label: viewer.text(.deliveriesChannel), options: channels.map { ($0.rawValue, $0.rawValue) },
                    selected: typed["channel"], error: problems["channel"]))
                .field(.text("address", label: viewer.text(.deliveriesAddress), value: typed["address"], error: problems["address"],
                    help: viewer.text(.deliveriesTestHelp), required: true, autocomplete: "off"))
                .submit(viewer.text(.deliveriesSendTest))
            body += ScreenKit.card(viewer.text(.deliveriesSendTest), test.html)
        }
        return ConsolePage(title: viewer.text(.navDeliveries), section: .deliveries, body: "<div class=\"cards\">\(body)</div>", banner: banner, status: status)
            .response(viewer)
    }
}

extension DeliveriesScreen {
    /// The overview's card of channels in trouble: those with deliveries retrying after a failed
    /// attempt or dead letters, and those at or past this month's budget.
    /// The overview's card, from the overview's facts: channels with retries or dead letters, channels at or past their budget.
    static func overviewCard(_ facts: ConsoleOverviewFacts, costs: CostPolicy, now: Date, viewer: ConsoleViewer) -> String {
        let failing = facts.retrying.merging(facts.dead, uniquingKeysWith: +)
        let month = DeliverySummary.month(start: costs.monthStart(containing: now), spending: facts.spending, costs: costs)
        let over = month.channels.filter { ($0.value.used ?? 0) >= 1 }.keys.sorted()
        let failingText = failing.keys.sorted { $0.rawValue < $1.rawValue }.map { "\(HTML.escape($0.rawValue)) \(failing[$0]!)" }
            .joined(separator: viewer.language.listSeparator)
        let overText = over.map(HTML.escape).joined(separator: viewer.language.listSeparator)
        return ScreenKit.card(viewer.text(.overviewChannelsFailing), """
            <dl class="figures"><div><dt>\(viewer.text(.overviewChannelsFailing))</dt><dd>\(failingText.isEmpty ? viewer.text(.overviewNone) : "<strong>\(failingText)</strong>")</dd></div>\
            <div><dt>\(viewer.text(.overviewChannelsOverBudget))</dt><dd>\(overText.isEmpty ? viewer.text(.overviewNone) : "<strong>\(overText)</strong>")</dd></div></dl>\
            <p><a href="/console/deliveries">\(viewer.text(.navDeliveries))</a></p>
            """)
    }
}
