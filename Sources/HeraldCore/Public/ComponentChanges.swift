import Foundation

/// A component's status before and after one public update, as Statuspage's `affected_components`
/// records it: the change made with that update, not the status the component has today.
public struct AffectedComponent: Sendable, Equatable {
    public var componentID: String
    public var oldStatus: ComponentStatus
    public var newStatus: ComponentStatus

    public init(componentID: String, oldStatus: ComponentStatus, newStatus: ComponentStatus) {
        self.componentID = componentID
        self.oldStatus = oldStatus
        self.newStatus = newStatus
    }
}

/// What each update of an incident or a maintenance changed, from the components' recorded history.
public enum ComponentChanges {
    /// The status `changes` (one component's, any order) say it had at `time`; `current` when
    /// nothing was recorded, which means it has not changed since before the history begins.
    public static func status(at time: Date, changes: [ComponentStatusChange], current: ComponentStatus) -> ComponentStatus {
        let ordered = changes.sorted { ($0.changedAt, $0.id) < ($1.changedAt, $1.id) }
        if let last = ordered.last(where: { $0.changedAt <= time }) { return last.newStatus }
        return ordered.first?.oldStatus ?? current
    }

    /// For each update time (oldest first), each component's status just before the period the update
    /// closes and at its end. The first period starts just before `began` (so a change made as the
    /// incident opened belongs to the first update); each later one starts at the update before.
    public static func perUpdate(
        _ times: [Date], began: Date, components: [String], history: [String: [ComponentStatusChange]], current: [String: ComponentStatus]
    ) -> [[AffectedComponent]] {
        var from = began.addingTimeInterval(-0.001)
        return times.map { time in
            defer { from = time }
            return components.compactMap { id in
                guard let now = current[id] else { return nil }
                let changes = history[id] ?? []
                return AffectedComponent(
                    componentID: id, oldStatus: status(at: from, changes: changes, current: now),
                    newStatus: status(at: time, changes: changes, current: now))
            }
        }
    }
}
