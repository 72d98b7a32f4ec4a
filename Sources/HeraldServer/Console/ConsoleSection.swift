import HeraldCore

/// The console's navigation: one entry per screen of issue 15, in this order. A section whose
/// `path` is nil has no screen yet and stays out of the navigation; giving it a path adds it.
public enum ConsoleSection: Sendable, CaseIterable {
    case overview
    case notices
    case incidents
    case onCall
    case heartbeats
    case catalogue
    case people
    case feedback
    case deliveries
    case settings
    case audit

    /// Where the entry links to; nil until the screen exists.
    public var path: String? {
        switch self {
        case .overview: "/console/"
        case .catalogue: "/console/catalogue"
        case .people: "/console/people"
        case .feedback: "/console/feedback"
        case .deliveries: "/console/deliveries"
        case .settings: "/console/settings"
        case .notices: "/console/notices"
        case .incidents: "/console/incidents"
        case .onCall: "/console/oncall"
        case .heartbeats: "/console/heartbeats"
        case .audit: "/console/audit"
        }
    }

    /// Who sees the entry (the screen's routes check the role again).
    public var role: Role {
        switch self {
        case .settings, .audit: .admin
        default: .viewer
        }
    }

    public var phrase: Phrase {
        switch self {
        case .overview: .navOverview
        case .notices: .navNotices
        case .incidents: .navIncidents
        case .onCall: .navOnCall
        case .heartbeats: .navHeartbeats
        case .catalogue: .navCatalogue
        case .people: .navPeople
        case .feedback: .navFeedback
        case .deliveries: .navDeliveries
        case .settings: .navSettings
        case .audit: .navAudit
        }
    }

    /// The entries `viewer` sees.
    static func visible(to viewer: ConsoleViewer) -> [(ConsoleSection, String)] {
        allCases.compactMap { section in section.path.flatMap { viewer.may(section.role) ? (section, $0) : nil } }
    }
}
