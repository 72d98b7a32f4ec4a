import Foundation
import HeraldChannels
import HeraldCore
import HeraldStore

/// Everything an operator does with a planned-downtime notice, with the checks and rendering
/// that go with each operation.
public struct NoticeService: Sendable {
    public let store: Store
    public let templates: NoticeTemplates
    public let settings: NoticeSettings
    let planner: ChannelPlanner
    /// The status page's address, for the link in every message.
    let publicURL: String?
    let now: @Sendable () -> Date

    public init(
        store: Store, templates: NoticeTemplates, settings: NoticeSettings = NoticeSettings(), planner: ChannelPlanner = Channels.planner,
        publicURL: String? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.publicURL = publicURL
        self.planner = planner
        self.templates = templates
        self.settings = settings
        self.now = now
    }

    var render: NoticeRendering {
        { [templates, publicURL] notice, step, late, names in
            try templates.render(notice, step: step, late: late, componentNames: names, publicURL: publicURL)
        }
    }

    /// Checks content as if it were published now.
    public func check(_ content: NoticeContent, id: String = "draft") async throws -> NoticeCheckReport {
        let names = ComponentNames(try await store.components())
        let draft = Notice(id: id, state: .draft, content: content, createdBy: "check", createdAt: now(), updatedAt: now())
        var sms: [Language: String] = [:]
        if content.validate().isEmpty, let rendered = try? templates.render(draft, step: .announcement, late: false, componentNames: names, publicURL: publicURL) {
            for language in content.languages { sms[language] = rendered[.sms, language]?.text }
        }
        var report = settings.checker.check(content, now: now(), knownComponents: names.ids, sms: sms)
        let contacts = try await store.contacts()
        let reach = NoticeReach.of(content, contacts: contacts, planner: planner, now: now())
        report.reach = reach
        report.warnings += reach.warnings(for: content.readers, among: contacts)
        return report
    }

    /// What each channel would get for one step, without storing or sending anything.
    public func preview(_ notice: Notice, step: NoticeStep) async throws -> RenderedNotice {
        let names = ComponentNames(try await store.components())
        return try templates.render(notice, step: step, late: false, componentNames: names, publicURL: publicURL)
    }

    /// Publishes after checking: errors refuse it, and short notice needs a stated reason.
    public func publish(id: String, actor: String, shortNoticeReason: String?) async throws -> Notice {
        let notice = try await store.notice(id: id)
        guard notice.state == .draft else { return notice }
        let report = try await requirePublishable(notice.content, id: id, shortNoticeReason: shortNoticeReason)
        let reason = shortNoticeReason?.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await store.publish(
            id: id, actor: actor, shortNoticeReason: report.hasShortNotice ? reason : nil, render: render)
    }

    /// Throws `NoticeRefused` unless `content` may be published now with this short-notice reason.
    @discardableResult
    public func requirePublishable(_ content: NoticeContent, id: String = "draft", shortNoticeReason: String?) async throws
        -> NoticeCheckReport
    {
        let report = try await check(content, id: id)
        var errors = report.errors
        let reason = shortNoticeReason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if report.hasShortNotice && (reason ?? "").isEmpty {
            errors.append(FieldError("short_notice_reason", .problemShortNoticeReason))
        }
        guard errors.isEmpty else { throw NoticeRefused(report: NoticeCheckReport(errors: errors, warnings: report.warnings)) }
        return report
    }

    /// Moves the end later; `reason`, when given, is said in the messages and on the public page.
    public func extend(id: String, until end: Date, reason: String? = nil, actor: String) async throws -> Notice {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await store.extend(id: id, until: end, reason: reason?.isEmpty == false ? reason : nil, actor: actor, render: render)
    }

    public func complete(id: String, actor: String) async throws -> Notice {
        try await store.complete(id: id, actor: actor, render: render)
    }

    public func cancel(id: String, reason: String?, actor: String) async throws -> Notice {
        try await store.cancel(id: id, reason: reason, actor: actor, render: render)
    }

    /// Sends the notice, as it would go out now, to a configured test audience only.
    public func testSend(id: String, audience: String, actor: String) async throws -> Announcement {
        guard settings.testAudiences.contains(audience) else {
            throw StoreError.invalid([FieldError(
                "audience", .problemNotTestAudience, values: ["audience": audience, "configured": settings.testAudiences.sorted().joined(separator: ", ")])])
        }
        return try await store.testSend(id: id, audience: audience, actor: actor, render: render)
    }

    /// Applies the timed steps due now; the scheduler calls this.
    @discardableResult
    public func runDueSteps() async throws -> [(notice: String, step: NoticeStep, decision: StepDecision)] {
        try await store.runDueSteps(now: now(), lifecycle: settings.lifecycle, render: render)
    }
}

/// How notices are checked and timed, from the config file's `notices` section.
public struct NoticeSettings: Sendable {
    public var checker: NoticeChecker
    /// Names an operator may test-send to.
    public var testAudiences: Set<String>
    public var lifecycle: NoticeLifecycle
    /// Extra template directory; files there replace the shipped templates of the same name.
    public var templateDirectory: String?

    public init(
        checker: NoticeChecker = NoticeChecker(), testAudiences: Set<String> = ["operators"],
        lifecycle: NoticeLifecycle = NoticeLifecycle(), templateDirectory: String? = nil
    ) {
        self.checker = checker
        self.testAudiences = testAudiences
        self.lifecycle = lifecycle
        self.templateDirectory = templateDirectory
    }
}

/// A publish refused because of errors in the notice; the report lists them with the warnings.
public struct NoticeRefused: Error, Sendable {
    public var report: NoticeCheckReport
}
