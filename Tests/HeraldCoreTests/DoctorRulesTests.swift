import HeraldCore
import Testing

@Suite struct DoctorRulesTests {
    @Test(arguments: [(30, 30, DoctorFinding.Verdict.ok), (29, 30, .warning), (31, 30, .problem)])
    func theSchemaIsCurrentToBeMigratedOrTooNew(_ database: Int, _ known: Int, _ verdict: DoctorFinding.Verdict) {
        #expect(DoctorRules.schema(database: database, known: known).verdict == verdict)
    }

    static let mebibyte: Int64 = 1 << 20

    @Test(arguments: [
        // free MiB, database MiB, verdict
        (10_000 as Int64, 100 as Int64, DoctorFinding.Verdict.ok),
        (1_000, 100, .warning),  // room for an upgrade, but under 1 GiB
        (263, 100, .problem),  // an upgrade needs 2 × 100 + 64
        (264, 100, .warning),
    ])
    func freeSpaceMustHoldAnUpgradesBackup(_ free: Int64, _ database: Int64, _ verdict: DoctorFinding.Verdict) {
        let finding = DoctorRules.disk(free: free * Self.mebibyte, databaseBytes: database * Self.mebibyte, at: "/srv/herald")
        #expect(finding.verdict == verdict)
        #expect(finding.found == "\(free) MiB free at /srv/herald, the database takes \(database) MiB")
        if verdict == .problem { #expect(finding.fix == "free at least 1 MiB more: an upgrade's backup and migrations need 264 MiB") }
    }

    @Test(arguments: [(0.4, DoctorFinding.Verdict.ok), (-1.0, .ok), (5.0, .warning), (-30.0, .warning), (31.0, .problem), (-120.0, .problem)])
    func clocksMustAgree(_ skew: Double, _ verdict: DoctorFinding.Verdict) {
        #expect(DoctorRules.clock(skew: skew).verdict == verdict)
    }

    @Test func theClockSaysWhichWayItIsOff() {
        #expect(DoctorRules.clock(skew: -42).found == "this machine's clock is 42.0 s behind the database server's")
        #expect(DoctorRules.clock(skew: 2.5).found == "this machine's clock is 2.5 s ahead of the database server's")
    }

    @Test(arguments: [
        (nil, DoctorFinding.Verdict.warning), ("https://status.example.com", .ok), ("http://status.example.com", .warning),
        ("http://127.0.0.1:8080", .ok),
    ] as [(String?, DoctorFinding.Verdict)])
    func thePublicURLIsSetAndHTTPSOutsideThisMachine(_ url: String?, _ verdict: DoctorFinding.Verdict) {
        #expect(DoctorRules.publicURL(url, listening: "http://0.0.0.0:8080").verdict == verdict)
    }
}
