import Foundation
import HeraldApp
import HeraldChannels
import HeraldCore
import HeraldEngine
import HeraldStore
import Hummingbird
import Logging

/// `/console/settings` (admins): what this Herald is configured with, read-only because it comes
/// from the config file: the public URL, the channels (which are set up, never their secrets), the
/// integrations with the URL each tool posts to (keys only as their last characters), the notice
/// templates (shipped or replaced), the status page, and the limits and budgets.
enum SettingsScreen {
    static func add(to console: Console) {
        let store = console.store
        let runtime = console.runtime
        let configuration = runtime.configuration
        let logger = Logger(label: "herald.console")
        let available = configuration.channels(logger: logger).map(\.kind)
        let always = Set(ChannelSettings().channels(ChannelContext(logger: logger)).map(\.kind))

        console.page("settings", role: .admin) { _, _, viewer in
            let base = (configuration.publicURL ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            let publicURL = configuration.publicURL.map { "<code>\(HTML.escape($0))</code>" } ?? "<span class=\"meta\">\(viewer.text(.settingsNoPublicURL))</span>"

            let channelRows = Channels.catalogue.kinds.map { kind -> [String] in
                let state: String =
                    always.contains(kind) ? "<span class=\"pill on\">\(viewer.text(.settingsChannelAlways))</span>"
                    : available.contains(kind) ? "<span class=\"pill on\">\(viewer.text(.settingsChannelConfigured))</span>"
                    : "<span class=\"pill off\">\(viewer.text(.settingsChannelMissing))</span>"
                let cost = configuration.costs.perMessage[kind].map { String(format: "%.4f %@", $0, configuration.costs.currency) } ?? "—"
                let budget = configuration.costs.monthlyBudgets[kind].map { String(format: "%.2f %@", $0, configuration.costs.currency) } ?? "—"
                return ["<code>\(HTML.escape(kind.rawValue))</code>", state, HTML.escape(cost), HTML.escape(budget)]
            }
            let channels = ConsoleTable(
                caption: viewer.text(.settingsChannels),
                headers: [viewer.text(.deliveriesChannel), viewer.text(.columnStatus), viewer.text(.settingsCostPerMessage), viewer.text(.deliveriesBudget)],
                rows: channelRows, empty: "")

            let integrations = try await store.integrations(page: PageRequest(limit: PageRequest.maximumLimit)).items
            let integrationRows = integrations.map { integration -> [String] in
                let path = IngestFormats.named(integration.kind)?.path
                let url = path.map { base.isEmpty ? $0 : base + $0 }
                return [
                    HTML.escape(integration.name), "<code>\(HTML.escape(integration.kind.rawValue))</code>",
                    url.map { "<code class=\"url\">\(HTML.escape($0))</code>" } ?? "—",
                    "<code>…\(HTML.escape(integration.keyHint))</code>", HTML.escape(integration.notifyGroup ?? "—"),
                ]
            }
            let integrationTable = ConsoleTable(
                caption: viewer.text(.settingsIntegrations),
                headers: [viewer.text(.fieldName), viewer.text(.peopleKind), viewer.text(.settingsIngestURL), viewer.text(.settingsKey), viewer.text(.settingsNotifyGroup)],
                rows: integrationRows, empty: viewer.text(.settingsNoIntegrations))

            let sources = runtime.notices.templates.sources
            let replaced = sources.filter { $0.value != "shipped" }.sorted { $0.key < $1.key }
            let templateRows = replaced.map { ["<code>\(HTML.escape($0.key))</code>", "<code>\(HTML.escape($0.value))</code>"] }
            let templates = "<p>\(viewer.text(.settingsTemplatesCount, ["shipped": String(sources.count - replaced.count), "replaced": String(replaced.count)]))</p>"
                + ConsoleTable(caption: viewer.text(.settingsTemplates), headers: [viewer.text(.settingsTemplate), viewer.text(.settingsTemplateFile)],
                    rows: templateRows, empty: viewer.text(.settingsTemplatesShipped)).html

            let page = configuration.statusPage
            func figure(_ label: Phrase, _ value: String) -> String { "<div><dt>\(viewer.text(label))</dt><dd>\(value)</dd></div>" }
            let names = Language.allCases.map { "<span lang=\"\($0.rawValue)\">\(HTML.escape(page.name($0)))</span>" }.joined(separator: " · ")
            let statusPage = "<dl class=\"figures\">" + [
                figure(.settingsSiteName, names), figure(.settingsPageID, "<code>\(HTML.escape(page.pageID))</code>"),
                figure(.accountZone, HTML.escape(page.timeZone.identifier)), figure(.accountLanguage, HTML.escape(page.language.text(.languageName))),
                figure(.settingsSubscriptionsPerHour, String(page.subscriptionsPerHour)), figure(.settingsFeedbackPerHour, String(page.feedbackPerHour)),
            ].joined() + "</dl>"
            let limits = "<dl class=\"figures\">" + [
                figure(.settingsAlertsPerMinute, String(configuration.alerts.perMinute)),
                figure(.settingsMaxBody, String(configuration.maxBodyBytes)),
                figure(.settingsBudgetWarn, "\(Int((configuration.costs.warnAt * 100).rounded()))%"),
                figure(.settingsCurrency, HTML.escape(configuration.costs.currency)),
                figure(.settingsTestAudiences, HTML.escape(configuration.notices.testAudiences.sorted().joined(separator: ", "))),
                figure(.settingsConfigFile, configuration.file.map { "<code>\(HTML.escape($0))</code>" } ?? "—"),
            ].joined() + "</dl>"

            let body = "<p class=\"help note\">\(viewer.text(.settingsFromConfig))</p><div class=\"cards\">"
                + ScreenKit.card(viewer.text(.settingsPublicURL), "<p>\(publicURL)</p>")
                + ScreenKit.card(viewer.text(.settingsStatusPage), statusPage)
                + ScreenKit.card(viewer.text(.settingsChannels), channels.html, wide: true)
                + ScreenKit.card(viewer.text(.settingsIntegrations), integrationTable.html, wide: true)
                + ScreenKit.card(viewer.text(.settingsTemplates), templates)
                + ScreenKit.card(viewer.text(.settingsLimits), limits)
                + "</div>"
            return ConsolePage(title: viewer.text(.navSettings), section: .settings, body: body).response(viewer)
        }
    }
}
