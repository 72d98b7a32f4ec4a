/// What a notice step does to the notice and to its components, whatever the database.
public struct NoticeTransition: Sendable, Equatable {
    /// What happens to the notice's components.
    public enum Components: Sendable, Equatable {
        case untouched
        /// Under maintenance, remembering what each was before.
        case putUnderMaintenance
        /// Back to what they were before the maintenance.
        case restore
    }

    /// The state the step moves the notice to; nil leaves it.
    public var state: NoticeState?
    public var components: Components
    public var recordsActualStart: Bool
    public var recordsActualEnd: Bool

    public init(state: NoticeState?, components: Components = .untouched, recordsActualStart: Bool = false, recordsActualEnd: Bool = false) {
        self.state = state
        self.components = components
        self.recordsActualStart = recordsActualStart
        self.recordsActualEnd = recordsActualEnd
    }

    /// The transition of `step` for a notice now in `current`.
    public static func of(_ step: NoticeStep, from current: NoticeState) -> NoticeTransition {
        switch step {
        case .announcement: NoticeTransition(state: .scheduled)
        case .start: NoticeTransition(state: .inProgress, components: .putUnderMaintenance, recordsActualStart: true)
        case .completion: NoticeTransition(state: .completed, components: .restore, recordsActualEnd: true)
        // A cancelled window that had begun gives its components back; one that had not never took them.
        case .cancellation: NoticeTransition(state: .cancelled, components: current == .inProgress ? .restore : .untouched)
        case .reminder, .extended, .rescheduled, .test: NoticeTransition(state: nil)
        }
    }
}

/// Which status a component under planned maintenance returns to, when windows overlap.
public enum MaintenanceHold {
    /// Another running notice and what it remembered of its components.
    public struct RunningNotice: Sendable, Equatable {
        public var components: [String]
        public var before: [String: ComponentStatus]

        public init(components: [String], before: [String: ComponentStatus]) {
            self.components = components
            self.before = before
        }
    }

    /// What to remember for each of `components` as it goes under maintenance. A component already
    /// under another running notice keeps that notice's memory, so the last window to end restores
    /// what users had before the first began.
    public static func before(
        _ components: [String], current: [String: ComponentStatus], others: [RunningNotice]
    ) -> [String: ComponentStatus] {
        var before: [String: ComponentStatus] = [:]
        for id in components {
            guard let status = current[id] else { continue }
            let earlier = others.first { $0.components.contains(id) }?.before[id]
            before[id] = status == .underMaintenance ? (earlier ?? status) : status
        }
        return before
    }

    /// The statuses to restore when a window ends: only components still under maintenance (an
    /// incident may have changed one meanwhile), and none another running notice still holds.
    public static func restore(
        _ before: [String: ComponentStatus], current: [String: ComponentStatus], others: [RunningNotice]
    ) -> [String: ComponentStatus] {
        let held = Set(others.flatMap(\.components))
        return before.filter { id, _ in !held.contains(id) && current[id] == .underMaintenance }
    }
}
