import Foundation
import HeraldCore
import Testing

/// The kind of work a notice announces, from its severity and how far ahead it went out.
@Suite struct NoticeKindTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var severity: Severity
        var leadHours: Double?
        var shortNotice: Bool
        var kind: NoticeKind
        var testDescription: String { "\(severity) \(leadHours.map { "\($0) h" } ?? "unpublished") → \(kind)" }
    }

    static let rows: [Row] = [
        Row(severity: .high, leadHours: 2, shortNotice: true, kind: .emergency),
        Row(severity: .high, leadHours: 23.9, shortNotice: true, kind: .emergency),
        Row(severity: .medium, leadHours: 2, shortNotice: true, kind: .urgent),
        Row(severity: .low, leadHours: 0.5, shortNotice: true, kind: .urgent),
        Row(severity: .high, leadHours: 24, shortNotice: false, kind: .major),
        Row(severity: .medium, leadHours: 72, shortNotice: false, kind: .planned),
        Row(severity: .low, leadHours: 72, shortNotice: false, kind: .routine),
        // Not yet published (a preview): the lead is unknown, so good time unless a short-notice reason says otherwise.
        Row(severity: .medium, leadHours: nil, shortNotice: false, kind: .planned),
        Row(severity: .high, leadHours: nil, shortNotice: true, kind: .emergency),
        // The lead, when known, decides over the reason's presence.
        Row(severity: .high, leadHours: 48, shortNotice: true, kind: .major),
    ]

    @Test(arguments: rows)
    func kindFollowsSeverityAndLead(_ row: Row) {
        #expect(NoticeKind.of(severity: row.severity, lead: row.leadHours.map { $0 * 3600 }, shortNotice: row.shortNotice) == row.kind)
    }

    @Test func eachKindOpensWithItsOwnSentence() {
        #expect(Set(NoticeKind.allCases.map(\.announcementIntro)).count == NoticeKind.allCases.count)
    }
}
