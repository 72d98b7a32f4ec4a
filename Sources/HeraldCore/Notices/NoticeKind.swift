import Foundation

/// What kind of work a notice announces, which its opening sentence says: an emergency is not
/// "planned to improve the service". Notices have no kind field; it is read from what they do
/// have — their severity and how far ahead they were published (less than `NoticeChecker.minimumNotice`
/// is short notice).
public enum NoticeKind: String, Sendable, CaseIterable {
    /// High severity at short notice: work that cannot wait (an urgent security patch, a failing disk).
    case emergency
    /// Short notice at lower severity.
    case urgent
    /// High severity, announced in good time: major work users must prepare for.
    case major
    /// Medium severity, announced in good time.
    case planned
    /// Low severity, announced in good time: routine work.
    case routine

    /// The kind for `severity` announced `lead` ahead of the start; a notice not yet published
    /// (`lead` nil, as in a preview) counts as announced in good time unless `shortNotice` says otherwise.
    public static func of(severity: Severity, lead: TimeInterval?, shortNotice: Bool = false) -> NoticeKind {
        let short = lead.map { $0 < NoticeChecker.minimumNotice } ?? shortNotice
        switch (severity, short) {
        case (.high, true): return .emergency
        case (_, true): return .urgent
        case (.high, false): return .major
        case (.medium, false): return .planned
        case (.low, false): return .routine
        }
    }

    /// The kind of a notice: published with a short-notice reason, or less than a day ahead, is short notice.
    public static func of(_ notice: Notice) -> NoticeKind {
        of(
            severity: notice.content.severity, lead: notice.publishedAt.map { notice.content.plannedStart.timeIntervalSince($0) },
            shortNotice: notice.shortNoticeReason != nil)
    }

    /// The opening sentence of its announcement.
    public var announcementIntro: Phrase {
        switch self {
        case .emergency: .introAnnouncementEmergency
        case .urgent: .introAnnouncementUrgent
        case .major: .introAnnouncementMajor
        case .planned: .introAnnouncement
        case .routine: .introAnnouncementRoutine
        }
    }
}
