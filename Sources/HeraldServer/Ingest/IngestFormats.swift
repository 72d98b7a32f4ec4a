import HeraldCore

/// Every alert format Herald takes in, one line each: `IngestRoutes` serves each at its path, and an
/// integration may be of any of their kinds.
enum IngestFormats {
    static let all: [any IngestFormat] = [
        PagerDutyEvents(),
        AlertmanagerWebhook(),
        GrafanaWebhook(),
        GenericAlert(),
        UptimeKumaWebhook(),
        NightingaleEvents(),
    ]

    /// The format an integration of `kind` sends; nil for a kind no format registers (any longer).
    static func named(_ kind: Integration.Kind) -> (any IngestFormat)? {
        all.first { $0.kind == kind }
    }
}
