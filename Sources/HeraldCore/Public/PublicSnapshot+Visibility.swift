import Foundation

extension PublicSnapshot {
    /// What of the catalogue, incidents and notices the public may see: no internal component (nor
    /// its history, nor its name in what an incident or a maintenance affects), no internal notice.
    /// An incident stays if a responder spoke about it in public, whatever it affects.
    public static func visible(
        generatedAt: Date, components: [Component], groups: [ComponentGroup], incidents: [PublicIncident],
        maintenances: [PublicMaintenance], history: [String: [ComponentStatusChange]]
    ) -> PublicSnapshot {
        let shown = components.filter { !$0.isInternal }
        let ids = Set(shown.map(\.id))
        let incidents = incidents.map { item in
            var item = item
            item.incident.components = item.incident.components.filter(ids.contains)
            return item
        }
        let maintenances = maintenances.filter { !$0.notice.content.readers.isInternal }.map { item in
            var item = item
            item.notice.content.components = item.notice.content.components.filter(ids.contains)
            return item
        }
        let groups = groups.filter { group in shown.contains { $0.groupID == group.id } || !components.contains { $0.groupID == group.id } }
        return PublicSnapshot(
            generatedAt: generatedAt, components: shown, groups: groups, incidents: incidents, maintenances: maintenances,
            history: history.filter { ids.contains($0.key) })
    }
}
