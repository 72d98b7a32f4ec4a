import HeraldApp
import HeraldCore
import HeraldServer
import Testing

/// How many connections Herald holds, read from the config file and bounded by the open-files limit.
@Suite struct ConnectionSettingsTests {
    @Test func theLimitFitsBesideTheReserveWhateverIsConfigured() {
        var settings = ConnectionSettings()
        #expect(settings.limit(descriptors: 1024) == 768)
        #expect(settings.limit(descriptors: 1_048_576) == 10_000, "a derived limit stops at 10,000")
        #expect(settings.limit(descriptors: 100) == 16)
        settings.maxConnections = 50_000
        #expect(settings.limit(descriptors: 1_048_576) == 50_000)
        #expect(settings.limit(descriptors: 1024) == 768, "never more than the descriptors allow")
        settings.maxConnections = 100
        #expect(settings.limit(descriptors: 1024) == 100)
    }

    @Test func theServerSectionSetsLimitsAndTimeoutsWithinBounds() throws {
        let set = try HeraldConfiguration.parse(yaml: """
            server:
              max_connections: 500
              header_timeout_seconds: 5
              body_timeout_seconds: 20
              idle_timeout_seconds: 90
            """)
        #expect(set.connections.maxConnections == 500)
        #expect(set.connections.timeouts == ConnectionTimeouts(header: .seconds(5), body: .seconds(20), idle: .seconds(90)))
        #expect(HeraldConfiguration().connections.timeouts == .standard)
        do {
            _ = try HeraldConfiguration.parse(yaml: "server:\n  max_connections: 3\n  header_timeout_seconds: 0\n  idle_timeout_seconds: 99999\n")
            Issue.record("accepted")
        } catch let error as ConfigurationError {
            #expect(error.errors.map(\.field) == ["server.max_connections", "server.header_timeout_seconds", "server.idle_timeout_seconds"])
        }
    }
}
