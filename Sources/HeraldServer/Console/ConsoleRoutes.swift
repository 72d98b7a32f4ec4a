import HeraldApp
import HeraldStore
import Hummingbird

/// Registers the operator console under `/console/`: its files, sign-in and the setup link, then
/// each screen. A new screen is one file in `Screens/` with an `add(to:)`, listed here.
enum ConsoleRoutes {
    static func add(to router: Router<HeraldRequestContext>, runtime: HeraldRuntime) {
        let settings = ConsoleSettings(runtime.configuration)
        let console = Console(
            router: router, sessions: ConsoleSessions(store: runtime.store, settings: settings, now: runtime.now), settings: settings,
            runtime: runtime)
        ConsoleAssets.add(to: console)
        LoginScreen.add(to: console)
        SetupScreen.add(to: console)
        AccountScreen.add(to: console)
        OverviewScreen.add(to: console)
        UsersScreen.add(to: console)
        IncidentsScreen.add(to: console)
        IncidentScreen.add(to: console)
        ActionItemsScreen.add(to: console)
        DrillsScreen.add(to: console)
        OnCallScreen.add(to: console)
        HeartbeatsScreen.add(to: console)
        NoticesScreen.add(to: console)
        CatalogueScreen.add(to: console)
        PeopleScreen.add(to: console)
        FeedbackScreen.add(to: console)
        DeliveriesScreen.add(to: console)
        SettingsScreen.add(to: console)
        AuditScreen.add(to: console)
    }
}
