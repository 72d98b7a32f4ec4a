import Foundation
import Testing

@testable import HeraldCore

/// The arithmetic wall clock agrees with Foundation's DateFormatter, the slow oracle it replaces,
/// for every zone kind: east and west of UTC, half hours, summer time both ways, leap days, the
/// ends of years and of the window Herald accepts.
struct CivilTimeTests {
    static let zones = ["UTC", "Asia/Shanghai", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/Berlin", "Pacific/Kiritimati", "America/St_Johns"]
    static let moments = [
        "2000-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z", "2026-03-29T00:59:59.500Z", "2026-03-29T01:00:00.000Z",
        "2026-10-25T00:30:00.001Z", "2026-11-01T05:30:00.000Z", "2026-12-31T16:00:00.000Z", "2199-12-31T23:59:59.999Z",
        "1969-12-31T23:59:59.250Z", "2100-02-28T12:00:00.000Z", "2100-03-01T00:00:00.000Z",
    ]

    static func oracle(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSxxx"
        return formatter.string(from: date)
    }

    @Test(arguments: zones)
    func everyMomentReadsAsDateFormatterReadsIt(_ zoneName: String) throws {
        let zone = try #require(TimeZone(identifier: zoneName))
        let reader = ISO8601DateFormatter()
        reader.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for text in Self.moments {
            let date = try #require(reader.date(from: text), "\(text)")
            let time = CivilTime(date, in: zone)
            let written = time.dateText + "T" + time.secondText + "." + CivilTime.pad(time.millisecond, 3) + time.offsetText()
            #expect(written == Self.oracle(date, zone), "\(text) in \(zoneName)")
        }
    }

    @Test func offsetsAreWrittenWithTheirSign() {
        #expect(CivilTime(Date(timeIntervalSince1970: 0), offset: -12_600).offsetText() == "-03:30")
        #expect(CivilTime(Date(timeIntervalSince1970: 0), offset: 28_800).offsetText(separator: "") == "+0800")
        #expect(CivilTime(Date(timeIntervalSince1970: 0), offset: 0).offsetText() == "+00:00")
    }
}
