import Foundation
import HeraldCore

/// A notice as the API shows it: times in the notice's own zone, with their offset.
struct NoticeDocument: Encodable, Sendable {
    let notice: Notice

    enum Keys: String, CodingKey {
        case id, state, title, reason, impact, precautions, closing, signature, contact, components, severity, extensions, audience
        case followUp = "follow_up", timeZone = "time_zone", plannedStart = "planned_start", plannedEnd = "planned_end"
        case expectedDurationMinutes = "expected_duration_minutes", reminderMinutes = "reminder_minutes"
        case publishedAt = "published_at", shortNoticeReason = "short_notice_reason", actualStart = "actual_start"
        case actualEnd = "actual_end", cancelledAt = "cancelled_at", cancellationReason = "cancellation_reason"
        case extensionReason = "extension_reason"
        case createdBy = "created_by", createdAt = "created_at", updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        let content = notice.content
        var container = encoder.container(keyedBy: Keys.self)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: content.timeZone) ?? .gmt
        let time = { (date: Date?) in date.map(formatter.string(from:)) }
        try container.encode(notice.id, forKey: .id)
        try container.encode(notice.state, forKey: .state)
        try container.encode(content.title, forKey: .title)
        try container.encode(content.reason, forKey: .reason)
        try container.encode(content.impact, forKey: .impact)
        try container.encode(content.precautions, forKey: .precautions)
        try container.encode(content.followUp, forKey: .followUp)
        try container.encode(content.closing, forKey: .closing)
        try container.encode(content.signature, forKey: .signature)
        try container.encode(content.contact, forKey: .contact)
        try container.encode(content.components, forKey: .components)
        try container.encode(content.severity, forKey: .severity)
        try container.encode(content.timeZone, forKey: .timeZone)
        try container.encode(time(content.plannedStart), forKey: .plannedStart)
        try container.encode(time(content.plannedEnd), forKey: .plannedEnd)
        try container.encode(content.duration.map { Int($0 / 60) }, forKey: .expectedDurationMinutes)
        try container.encode(content.reminderMinutes, forKey: .reminderMinutes)
        try container.encode(content.readers, forKey: .audience)
        try container.encode(time(notice.publishedAt), forKey: .publishedAt)
        try container.encode(notice.shortNoticeReason, forKey: .shortNoticeReason)
        try container.encode(time(notice.actualStart), forKey: .actualStart)
        try container.encode(time(notice.actualEnd), forKey: .actualEnd)
        try container.encode(time(notice.cancelledAt), forKey: .cancelledAt)
        try container.encode(notice.cancellationReason, forKey: .cancellationReason)
        try container.encode(notice.extensions, forKey: .extensions)
        try container.encode(notice.extensionReason, forKey: .extensionReason)
        try container.encode(notice.createdBy, forKey: .createdBy)
        try container.encode(time(notice.createdAt), forKey: .createdAt)
        try container.encode(time(notice.updatedAt), forKey: .updatedAt)
    }
}

struct NoticeList: Encodable, Sendable {
    var notices: [NoticeDocument]
}

/// The check's verdict, as the API and `herald notice check` show it.
struct CheckDocument: Encodable, Sendable {
    var canPublish: Bool
    var errors: [FieldError]
    var warnings: [NoticeWarning]
    var reach: Reach?

    /// How many people, and messages per channel.
    struct Reach: Encodable, Sendable {
        var people: Int
        var channels: [String: Int]
    }

    init(_ report: NoticeCheckReport) {
        canPublish = report.canPublish
        errors = report.errors
        warnings = report.warnings
        reach = report.reach.map { Reach(people: $0.people, channels: Dictionary(uniqueKeysWithValues: $0.channels.map { ($0.key.rawValue, $0.value) })) }
    }

    enum CodingKeys: String, CodingKey {
        case errors, warnings, reach
        case canPublish = "can_publish"
    }
}

struct AnnouncementDocument: Encodable, Sendable {
    let announcement: Announcement

    enum Keys: String, CodingKey {
        case id, step, audience, severity, late, messages
        case idempotencyKey = "idempotency_key", noticeID = "notice_id", createdAt = "created_at"
        case handedOverAt = "handed_over_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(announcement.id, forKey: .id)
        try container.encode(announcement.idempotencyKey, forKey: .idempotencyKey)
        try container.encode(announcement.noticeID, forKey: .noticeID)
        try container.encode(announcement.step.key, forKey: .step)
        try container.encode(announcement.audience.key, forKey: .audience)
        try container.encode(announcement.severity, forKey: .severity)
        try container.encode(announcement.late, forKey: .late)
        try container.encode(announcement.messages.messages, forKey: .messages)
        try container.encode(announcement.createdAt, forKey: .createdAt)
        try container.encode(announcement.handedOverAt, forKey: .handedOverAt)
    }
}

struct AnnouncementList: Encodable, Sendable { var announcements: [AnnouncementDocument] }
struct NoticeEventList: Encodable, Sendable { var events: [NoticeEvent] }
