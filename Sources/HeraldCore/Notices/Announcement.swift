import Foundation

/// A rendered notice step handed to delivery: stored before anything is sent, so nothing announced is lost.
public struct Announcement: Sendable, Equatable {
    public var id: Int64
    /// Reaches the receiver, so a step handed over twice (after a crash) is recognised as one.
    public var idempotencyKey: String
    public var noticeID: String
    public var step: NoticeStep
    public var audience: AnnouncementAudience
    public var severity: Severity
    public var late: Bool
    public var messages: RenderedNotice
    public var createdAt: Date
    public var handedOverAt: Date?

    public init(
        id: Int64, idempotencyKey: String, noticeID: String, step: NoticeStep, audience: AnnouncementAudience,
        severity: Severity, late: Bool, messages: RenderedNotice, createdAt: Date, handedOverAt: Date?
    ) {
        self.id = id
        self.idempotencyKey = idempotencyKey
        self.noticeID = noticeID
        self.step = step
        self.audience = audience
        self.severity = severity
        self.late = late
        self.messages = messages
        self.createdAt = createdAt
        self.handedOverAt = handedOverAt
    }
}

/// Who an announcement is for: the notice's audience, or only a named test audience.
public enum AnnouncementAudience: Sendable, Equatable, Hashable {
    case notice
    case test(String)

    public var key: String {
        switch self {
        case .notice: "notice"
        case .test(let name): "test:\(name)"
        }
    }

    public init?(key: String) {
        if key == "notice" {
            self = .notice
        } else if key.hasPrefix("test:") {
            self = .test(String(key.dropFirst(5)))
        } else {
            return nil
        }
    }
}

/// One entry on a notice's timeline: what happened, who did it, when.
public struct NoticeEvent: Sendable, Equatable, Codable {
    public var id: Int64
    public var noticeID: String
    public var kind: String
    public var actor: String
    public var detail: String?
    public var at: Date

    public init(id: Int64, noticeID: String, kind: String, actor: String, detail: String?, at: Date) {
        self.id = id
        self.noticeID = noticeID
        self.kind = kind
        self.actor = actor
        self.detail = detail
        self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, actor, detail, at
        case noticeID = "notice_id"
    }
}
