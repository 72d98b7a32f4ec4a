import Foundation
import HeraldCore
import Testing

/// Times Herald accepts: RFC 3339 with an offset, within years it can mean.
@Suite struct RFC3339Tests {
    @Test(arguments: [
        ("2026-12-01T02:00:00+08:00", 1_796_061_600.0),
        ("2026-12-01T02:00+08:00", 1_796_061_600),
        ("2026-11-30T18:00:00Z", 1_796_061_600),
        ("2026-11-30T18:00:00.250Z", 1_796_061_600.25),
        ("2000-01-01T00:00:00Z", 946_684_800),
    ])
    func accepted(_ text: String, _ seconds: Double) throws {
        let date = try RFC3339.read(text, field: "at").get()
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.001)
    }

    @Test(arguments: [
        ("2026-12-01T02:00:00", "must be an RFC 3339 time with its offset"),
        ("2026-12-01 02:00:00+08:00", "must be an RFC 3339 time with its offset"),
        ("1900-01-01T00:00:00+08:00", "must be from the year 2000 to 2199"),
        ("1999-12-31T23:59:59Z", "must be from the year 2000 to 2199"),
        ("2200-01-01T00:00:00Z", "must be from the year 2000 to 2199"),
        ("9999-12-31T23:59:59Z", "must be from the year 2000 to 2199"),
    ])
    func refused(_ text: String, _ reason: String) {
        guard case .failure(let error) = RFC3339.read(text, field: "planned_start") else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(error.field == "planned_start" && error.reason.hasPrefix(reason), "\(error.reason)")
    }
}
