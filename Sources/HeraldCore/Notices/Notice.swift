import Foundation

/// A planned-downtime notice and where it stands in its lifecycle.
public struct Notice: Sendable, Equatable {
    public var id: String
    public var state: NoticeState
    public var content: NoticeContent
    public var publishedAt: Date?
    /// Why it was published with less than 24 hours' notice, as the publisher said.
    public var shortNoticeReason: String?
    public var actualStart: Date?
    public var actualEnd: Date?
    public var cancelledAt: Date?
    public var cancellationReason: String?
    /// How many times the end was moved later.
    public var extensions: Int
    /// Why the end was last moved, as the operator said; the extension's messages and the public page show it.
    public var extensionReason: String?
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, state: NoticeState, content: NoticeContent, publishedAt: Date? = nil,
        shortNoticeReason: String? = nil, actualStart: Date? = nil, actualEnd: Date? = nil, cancelledAt: Date? = nil,
        cancellationReason: String? = nil, extensions: Int = 0, extensionReason: String? = nil, createdBy: String, createdAt: Date,
        updatedAt: Date
    ) {
        self.extensionReason = extensionReason
        self.id = id
        self.state = state
        self.content = content
        self.publishedAt = publishedAt
        self.shortNoticeReason = shortNoticeReason
        self.actualStart = actualStart
        self.actualEnd = actualEnd
        self.cancelledAt = cancelledAt
        self.cancellationReason = cancellationReason
        self.extensions = extensions
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Where a notice is: written, announced, under way, or over.
public enum NoticeState: String, Codable, Sendable, CaseIterable {
    case draft
    /// Published and announced; the downtime has not started.
    case scheduled
    case inProgress = "in_progress"
    case completed
    case cancelled

    public var isOver: Bool { self == .completed || self == .cancelled }
}
