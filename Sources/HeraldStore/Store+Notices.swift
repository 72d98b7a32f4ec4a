import Foundation
import HeraldCore
import SQLKit

/// Renders one step of a notice for every template kind and language; supplied by the engine.
public typealias NoticeRendering = @Sendable (
    _ notice: Notice, _ step: NoticeStep, _ late: Bool, _ componentNames: ComponentNames
) throws -> RenderedNotice

extension Store {
    public func createNotice(_ content: NoticeContent, createdBy: String) async throws -> Notice {
        let encoded = try Self.encode(content)
        return try await transaction { database in
            let id = Identifier.make()
            let now = self.timestamp()
            try await database.insert(into: "notices")
                .columns("id", "state", "content", "planned_start", "planned_end", "created_by", "created_at", "updated_at")
                .values(
                    SQLBind(id), SQLBind(NoticeState.draft.rawValue), SQLBind(encoded),
                    SQLBind(Timestamp.milliseconds(content.plannedStart)), SQLBind(content.plannedEnd.map(Timestamp.milliseconds)),
                    SQLBind(createdBy), SQLBind(now), SQLBind(now)
                )
                .run()
            try await Self.record(database, notice: id, "created", actor: createdBy, detail: nil, at: now)
            return try await Self.notice(database, id: id)
        }
    }

    /// Replaces a draft's content; published notices change only through their lifecycle operations.
    public func updateNotice(id: String, _ content: NoticeContent, actor: String) async throws -> Notice {
        let encoded = try Self.encode(content)
        return try await transaction { database in
            let notice = try await Self.notice(database, id: id, lock: self.dialect)
            guard notice.state == .draft else {
                throw StoreError.conflict(FieldError("state", .problemNoticeNotDraft, values: ["state": notice.state.rawValue]))
            }
            let now = self.timestamp()
            try await database.update("notices")
                .set("content", to: SQLBind(encoded))
                .set("planned_start", to: SQLBind(Timestamp.milliseconds(content.plannedStart)))
                .set("planned_end", to: SQLBind(content.plannedEnd.map(Timestamp.milliseconds)))
                .set("updated_at", to: SQLBind(now))
                .where("id", .equal, id).run()
            try await Self.record(database, notice: id, "edited", actor: actor, detail: nil, at: now)
            return try await Self.notice(database, id: id)
        }
    }

    public func notice(id: String) async throws -> Notice {
        try await read { database in try await Self.notice(database, id: id) }
    }

    /// Notices, newest planned start first, optionally only in some states.
    public func notices(states: [NoticeState] = []) async throws -> [Notice] {
        try await read { database in
            var query = database.select().column("*").from("notices")
            if !states.isEmpty { query = query.where("state", .in, states.map(\.rawValue)) }
            return try await query.orderBy("planned_start", .descending).orderBy("id").all().map { try $0.notice() }
        }
    }

    /// Publishes a draft: it becomes scheduled and its announcement is handed over, in one transaction.
    /// Publishing a notice that is already published changes nothing and returns it as it is.
    public func publish(
        id: String, actor: String, shortNoticeReason: String?, render: @escaping NoticeRendering
    ) async throws -> Notice {
        try await transaction { database in
            let notice = try await Self.notice(database, id: id, lock: self.dialect)
            guard notice.state == .draft else { return notice }
            return try await self.apply(
                database, notice, step: .announcement, decision: .send(late: false), actor: actor,
                detail: shortNoticeReason.map { "published with short notice: \($0)" }, render: render
            ) { update, _ in
                update.set("published_at", to: SQLBind(self.timestamp()))
                    .set("short_notice_reason", to: SQLBind(shortNoticeReason))
            }
        }
    }

    /// Moves the planned end later and announces it at once, with the operator's reason (a move
    /// without one clears the reason of the move before, so no message repeats an old reason).
    public func extend(id: String, until end: Date, reason: String? = nil, actor: String, render: @escaping NoticeRendering) async throws
        -> Notice
    {
        try await transaction { database in
            let notice = try await Self.notice(database, id: id, lock: self.dialect)
            let step: NoticeStep
            switch NoticeExtension.step(notice, until: end) {
            case .success(let decided): step = decided
            case .failure(.notActive(let state)):
                throw StoreError.conflict(FieldError("state", .problemNoticeNotExtendable, values: ["state": state.rawValue]))
            case .failure(.notLater):
                throw StoreError.invalid([FieldError("planned_end", .problemEndNotLater)])
            }
            var content = notice.content
            content.plannedEnd = end
            let encoded = try Self.encode(content)
            let number = notice.extensions + 1
            return try await self.apply(
                database, notice, step: step, decision: .send(late: false), actor: actor,
                detail: "new planned end \(ISO8601DateFormatter().string(from: end))" + (reason.map { ": \($0)" } ?? ""), render: render
            ) { update, _ in
                update.set("content", to: SQLBind(encoded))
                    .set("planned_end", to: SQLBind(Timestamp.milliseconds(end)))
                    .set("extensions", to: SQLBind(Int64(number)))
                    .set("extension_reason", to: SQLBind(reason))
            }
        }
    }

    /// Completes an in-progress notice now: components return to their earlier status, recovery notice goes out.
    public func complete(id: String, actor: String, render: @escaping NoticeRendering) async throws -> Notice {
        try await transaction { database in
            let notice = try await Self.notice(database, id: id, lock: self.dialect)
            if case .failure(let refusal) = NoticeClosing.complete(from: notice.state) { throw Self.refused(refusal, notice) }
            return try await self.apply(database, notice, step: .completion, decision: .send(late: false), actor: actor, detail: nil, render: render)
        }
    }

    /// Cancels a notice before it completes. A draft is simply dropped; a published one gets a
    /// cancellation notice, and its earlier messages still waiting (held for quiet hours, or not yet
    /// handed over) are withdrawn in the same transaction.
    public func cancel(id: String, reason: String?, actor: String, render: @escaping NoticeRendering) async throws
        -> Notice
    {
        try await transaction { database in
            let notice = try await Self.notice(database, id: id, lock: self.dialect)
            switch NoticeClosing.cancel(from: notice.state) {
            case .failure(let refusal):
                throw Self.refused(refusal, notice)
            case .success(.drop):
                let now = self.timestamp()
                try await database.update("notices").set("state", to: SQLBind(NoticeState.cancelled.rawValue))
                    .set("cancelled_at", to: SQLBind(now)).set("cancellation_reason", to: SQLBind(reason))
                    .set("updated_at", to: SQLBind(now)).where("id", .equal, id).run()
                try await Self.record(database, notice: id, "cancelled", actor: actor, detail: reason, at: now)
                return try await Self.notice(database, id: id)
            case .success(.announce):
                let withdrawn = try await Self.withdrawWaitingMessages(database, notice: id, at: self.timestamp())
                let detail = [reason, withdrawn > 0 ? "\(withdrawn) waiting messages withdrawn" : nil].compactMap { $0 }.joined(separator: "; ")
                return try await self.apply(
                    database, notice, step: .cancellation, decision: .send(late: false), actor: actor, detail: detail.isEmpty ? nil : detail,
                    render: render
                ) { update, _ in
                    update.set("cancelled_at", to: SQLBind(self.timestamp())).set("cancellation_reason", to: SQLBind(reason))
                }
            }
        }
    }

    /// The notice's messages that have not gone out: deliveries still pending, and announcements not
    /// yet turned into deliveries (those are marked handed over, with nothing to hand).
    static func withdrawWaitingMessages(_ database: any SQLDatabase, notice id: String, at now: Int64) async throws -> Int {
        let announcements = try await database.select().column("id").from("announcements").where("notice_id", .equal, id).all()
            .map { try $0.integer("id") }
        try await database.update("announcements").set("handed_over_at", to: SQLBind(now))
            .where("notice_id", .equal, id).where("handed_over_at", .is, SQLLiteral.null).run()
        guard !announcements.isEmpty else { return 0 }
        let waiting = try await database.select().column("id").from("deliveries")
            .where("announcement_id", .in, announcements).where("state", .equal, DeliveryState.pending.rawValue).all()
        guard !waiting.isEmpty else { return 0 }
        try await database.update("deliveries").set("state", to: SQLBind(DeliveryState.withdrawn.rawValue))
            .set("last_error", to: SQLBind("withdrawn: the notice was cancelled"))
            .where("id", .in, try waiting.map { try $0.integer("id") }).run()
        return waiting.count
    }

    /// The conflict a repeated or misplaced complete or cancel answers with, saying what was done and when.
    static func refused(_ refusal: NoticeClosing.Refusal, _ notice: Notice) -> StoreError {
        let format = ISO8601DateFormatter()
        switch refusal {
        case .alreadyCompleted:
            let at = notice.actualEnd.map { format.string(from: $0) }
            return .conflict(FieldError("state", .problemNoticeAlreadyCompleted) { language in ["when": at.map { language.text(.problemWhenAt, ["time": $0]) } ?? ""] })
        case .alreadyCancelled:
            let at = notice.cancelledAt.map { format.string(from: $0) }
            return .conflict(FieldError("state", .problemNoticeAlreadyCancelled) { language in ["when": at.map { language.text(.problemWhenAt, ["time": $0]) } ?? ""] })
        case .notInProgress(let state):
            return .conflict(FieldError("state", .problemNoticeNotInProgress, values: ["state": state.rawValue]))
        }
    }

    /// Renders the notice as it stands and hands it to a test audience only; its state does not change.
    public func testSend(id: String, audience: String, actor: String, render: @escaping NoticeRendering) async throws
        -> Announcement
    {
        try await transaction { database in
            let notice = try await Self.notice(database, id: id, lock: self.dialect)
            let previous = try await database.select().column("step").from("announcements")
                .where("notice_id", .equal, id).where("step", .like, "test-%").all()
            let step = NoticeStep.test(number: previous.count + 1)
            let now = self.timestamp()
            let names = try await Self.componentNames(database)
            let messages = try render(notice, step, false, names)
            let announcement = try await Self.insertAnnouncement(
                database, notice: notice, step: step, audience: .test(audience), late: false, messages: messages, at: now)
            try await Self.record(database, notice: id, "test_sent", actor: actor, detail: "to test audience '\(audience)'", at: now)
            return announcement
        }
    }

    /// Applies every timed step that is due at `now`: reminders, start, automatic completion.
    /// Each notice is handled in its own transaction, so a crash loses at most the notice under way,
    /// which is done again on the next run; a step already recorded is never repeated.
    @discardableResult
    public func runDueSteps(now: Date, lifecycle: NoticeLifecycle = NoticeLifecycle(), render: @escaping NoticeRendering)
        async throws -> [(notice: String, step: NoticeStep, decision: StepDecision)]
    {
        // Decide from a read which notices have a step due; only those take the write lock.
        let due: [String] = try await read { database in
            let active = [NoticeState.scheduled.rawValue, NoticeState.inProgress.rawValue]
            let notices = try await database.select().column("*").from("notices").where("state", .in, active).all()
                .map { try $0.notice() }
            if notices.isEmpty { return [String]() }
            // One query for every active notice's recorded steps, not one per notice per pass.
            var done: [String: Set<String>] = [:]
            for row in try await database.select().column("notice_id").column("step").from("notice_steps")
                .where("notice_id", .in, notices.map(\.id)).all()
            {
                done[try row.text("notice_id"), default: []].insert(try row.text("step"))
            }
            return notices.filter { !lifecycle.due($0, done: done[$0.id] ?? [], now: now).isEmpty }.map(\.id)
        }
        var applied: [(notice: String, step: NoticeStep, decision: StepDecision)] = []
        for id in due {
            let steps = try await transaction { database in
                // Read again under the lock: another node may have applied the steps meanwhile.
                var notice = try await Self.notice(database, id: id, lock: self.dialect)
                let done = try await Self.doneSteps(database, notice: id)
                var steps: [(notice: String, step: NoticeStep, decision: StepDecision)] = []
                for due in lifecycle.due(notice, done: done, now: now) {
                    notice = try await self.apply(
                        database, notice, step: due.step, decision: due.decision, actor: "scheduler", detail: nil, render: render)
                    steps.append((id, due.step, due.decision))
                }
                return steps
            }
            applied += steps
        }
        return applied
    }

    public func noticeEvents(noticeID: String) async throws -> [NoticeEvent] {
        try await read { database in
            _ = try await Self.notice(database, id: noticeID)
            return try await database.select().column("*").from("notice_events").where("notice_id", .equal, noticeID)
                .orderBy("id").all().map { try $0.noticeEvent() }
        }
    }

    /// The steps recorded for a notice, with what was decided: the idempotency markers.
    public func noticeSteps(noticeID: String) async throws -> [String: StepDecision] {
        try await read { database in
            let rows = try await database.select().column("*").from("notice_steps").where("notice_id", .equal, noticeID).all()
            var steps: [String: StepDecision] = [:]
            for row in rows {
                steps[try row.text("step")] =
                    try row.text("outcome") == "sent"
                    ? .send(late: try row.integer("late") != 0) : .skip(reason: try row.optionalText("reason") ?? "")
            }
            return steps
        }
    }

    // MARK: Applying a step

    /// Records `step` once, applies its state change, and hands its rendering over when it is sent.
    private func apply(
        _ database: any SQLDatabase, _ notice: Notice, step: NoticeStep, decision: StepDecision, actor: String,
        detail: String?, render: NoticeRendering,
        extra: (SQLUpdateBuilder, Int64) -> SQLUpdateBuilder = { update, _ in update }
    ) async throws -> Notice {
        let done = try await Self.doneSteps(database, notice: notice.id)
        guard !done.contains(step.key) else { return notice }
        let now = timestamp()
        var update = database.update("notices").set("updated_at", to: SQLBind(now))
        let transition = NoticeTransition.of(step, from: notice.state)
        if let state = transition.state { update = update.set("state", to: SQLBind(state.rawValue)) }
        if transition.recordsActualStart { update = update.set("actual_start", to: SQLBind(now)) }
        if transition.recordsActualEnd { update = update.set("actual_end", to: SQLBind(now)) }
        switch transition.components {
        case .putUnderMaintenance:
            let before = try await putUnderMaintenance(database, notice, at: now)
            update = update.set("statuses_before", to: SQLBind(try JSONColumn.text(before)))
        case .restore:
            try await restoreComponents(database, notice, at: now)
        case .untouched:
            break
        }
        try await extra(update, now).where("id", .equal, notice.id).run()

        let (outcome, late, reason): (String, Bool, String?) =
            switch decision {
            case .send(let late): ("sent", late, nil)
            case .skip(let reason): ("skipped", false, reason)
            }
        try await database.insert(into: "notice_steps")
            .columns("notice_id", "step", "outcome", "late", "reason", "done_at")
            .values(SQLBind(notice.id), SQLBind(step.key), SQLBind(outcome), SQLBind(Int64(late ? 1 : 0)), SQLBind(reason), SQLBind(now))
            .run()
        let updated = try await Self.notice(database, id: notice.id)
        if case .send(let late) = decision {
            let messages = try render(updated, step, late, try await Self.componentNames(database))
            _ = try await Self.insertAnnouncement(
                database, notice: updated, step: step, audience: .notice, late: late, messages: messages, at: now)
        }
        let kind = "\(step.key.split(separator: "-").first ?? "")_\(outcome)\(late ? "_late" : "")"
        try await Self.record(database, notice: notice.id, kind, actor: actor, detail: reason ?? detail, at: now)
        if step == .completion {
            // Service is back: what users asked during the downtime is now to be answered.
            let open = try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("feedback_tickets")
                .where("subject_kind", .equal, "notice").where("subject_id", .equal, notice.id)
                .where("state", .equal, FeedbackTicket.State.open.rawValue).first()?.decode(column: "n", as: Int.self) ?? 0
            if open > 0 {
                try await Self.record(
                    database, notice: notice.id, "feedback_to_answer", actor: "herald",
                    detail: "\(open) open feedback tickets: herald feedback list --notice \(notice.id)", at: now)
            }
        }
        return updated
    }

    /// Switches the affected components to under_maintenance and returns what they were before.
    private func putUnderMaintenance(_ database: any SQLDatabase, _ notice: Notice, at now: Int64) async throws
        -> [String: ComponentStatus]
    {
        var current: [String: ComponentStatus] = [:]
        for id in notice.content.components {
            if let component = try? await Self.component(database, id: id, forUpdate: dialect) { current[id] = component.status }
        }
        let before = MaintenanceHold.before(
            notice.content.components, current: current, others: try await otherRunningNotices(database, excluding: notice.id))
        for id in notice.content.components where current[id] != nil {
            _ = try await Self.setStatus(
                database, dialect: dialect, componentID: id, to: .underMaintenance, source: .maintenance,
                actor: "notice:\(notice.id)", reason: notice.content.title.text(for: .zhCN), at: now)
        }
        return before
    }

    /// Puts components back as they were, as `MaintenanceHold.restore` says.
    private func restoreComponents(_ database: any SQLDatabase, _ notice: Notice, at now: Int64) async throws {
        guard
            let row = try await database.select().column("statuses_before").from("notices").where("id", .equal, notice.id).first(),
            let text = try row.optionalText("statuses_before"),
            let before = try? JSONColumn.value([String: ComponentStatus].self, from: text)
        else { return }
        var current: [String: ComponentStatus] = [:]
        for id in before.keys.sorted() {
            if let component = try? await Self.component(database, id: id, forUpdate: dialect) { current[id] = component.status }
        }
        let restored = MaintenanceHold.restore(before, current: current, others: try await otherRunningNotices(database, excluding: notice.id))
        for (id, status) in restored.sorted(by: { $0.key < $1.key }) {
            _ = try await Self.setStatus(
                database, dialect: dialect, componentID: id, to: status, source: .maintenance,
                actor: "notice:\(notice.id)", reason: "maintenance over", at: now)
        }
    }

    private func otherRunningNotices(_ database: any SQLDatabase, excluding id: String) async throws -> [MaintenanceHold.RunningNotice] {
        try await database.select().column("content").column("statuses_before").from("notices")
            .where("state", .equal, NoticeState.inProgress.rawValue).where("id", .notEqual, id)
            .all().map { row in
                let before = try row.optionalText("statuses_before").flatMap { try? JSONColumn.value([String: ComponentStatus].self, from: $0) } ?? [:]
                return MaintenanceHold.RunningNotice(components: try Self.decodeContent(try row.text("content")).components, before: before)
            }
    }

    // MARK: Rows

    static func notice(_ database: any SQLDatabase, id: String, lock dialect: StoreDialect? = nil) async throws -> Notice {
        var query = database.select().column("*").from("notices").where("id", .equal, id)
        if dialect == .postgres { query = query.for(.update) }
        guard let row = try await query.first() else { throw StoreError.notFound(kind: "notice", id: id) }
        return try row.notice()
    }

    static func doneSteps(_ database: any SQLDatabase, notice: String) async throws -> Set<String> {
        Set(try await database.select().column("step").from("notice_steps").where("notice_id", .equal, notice)
            .all().map { try $0.text("step") })
    }

    static func componentNames(_ database: any SQLDatabase) async throws -> ComponentNames {
        ComponentNames(try await components(database))
    }

    static func insertAnnouncement(
        _ database: any SQLDatabase, notice: Notice, step: NoticeStep, audience: AnnouncementAudience, late: Bool,
        messages: RenderedNotice, at now: Int64
    ) async throws -> Announcement {
        let key = "notice:\(notice.id):\(step.key)"
        let row = try await database.insert(into: "announcements")
            .columns("idempotency_key", "notice_id", "step", "audience", "severity", "late", "messages", "created_at")
            .values(
                SQLBind(key), SQLBind(notice.id), SQLBind(step.key), SQLBind(audience.key), SQLBind(notice.content.severity.rawValue),
                SQLBind(Int64(late ? 1 : 0)), SQLBind(String(decoding: try JSONEncoder().encode(messages), as: UTF8.self)), SQLBind(now)
            )
            .returning("*").first()
        guard let row else { throw StoreError.invalidDatabase("the announcement was not returned after insert") }
        return try row.announcement()
    }

    static func record(_ database: any SQLDatabase, notice: String, _ kind: String, actor: String, detail: String?, at now: Int64)
        async throws
    {
        try await database.insert(into: "notice_events").columns("notice_id", "kind", "actor", "detail", "at")
            .values(SQLBind(notice), SQLBind(kind), SQLBind(actor), SQLBind(detail), SQLBind(now)).run()
        try await audit(database, actor: actor, action: kind, kind: "notice", id: notice, detail: detail, at: now)
    }

    static func encode(_ content: NoticeContent) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(content), as: UTF8.self)
    }

    static func decodeContent(_ text: String) throws -> NoticeContent {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try decoder.decode(NoticeContent.self, from: Data(text.utf8))
    }
}

extension SQLRow {
    func notice() throws -> Notice {
        Notice(
            id: try text("id"), state: try enumeration("state", as: NoticeState.self),
            content: try Store.decodeContent(try text("content")), publishedAt: try optionalDate("published_at"),
            shortNoticeReason: try optionalText("short_notice_reason"), actualStart: try optionalDate("actual_start"),
            actualEnd: try optionalDate("actual_end"), cancelledAt: try optionalDate("cancelled_at"),
            cancellationReason: try optionalText("cancellation_reason"), extensions: Int(try integer("extensions")),
            extensionReason: try optionalText("extension_reason"),
            createdBy: try text("created_by"), createdAt: try date("created_at"), updatedAt: try date("updated_at"))
    }

    func announcement() throws -> Announcement {
        let stepKey = try text("step")
        let audienceKey = try text("audience")
        guard let step = NoticeStep(key: stepKey), let audience = AnnouncementAudience(key: audienceKey) else {
            throw StoreError.invalidDatabase("unknown step '\(stepKey)' or audience '\(audienceKey)' in announcements")
        }
        return Announcement(
            id: try integer("id"), idempotencyKey: try text("idempotency_key"), noticeID: try text("notice_id"), step: step,
            audience: audience, severity: try enumeration("severity", as: Severity.self), late: try integer("late") != 0,
            messages: try JSONDecoder().decode(RenderedNotice.self, from: Data(try text("messages").utf8)),
            createdAt: try date("created_at"), handedOverAt: try optionalDate("handed_over_at"))
    }

    func noticeEvent() throws -> NoticeEvent {
        NoticeEvent(
            id: try integer("id"), noticeID: try text("notice_id"), kind: try text("kind"), actor: try text("actor"),
            detail: try optionalText("detail"), at: try date("at"))
    }
}
