import HeraldCore
import HeraldStore

/// The fields an integration's body gives, read the same way when it is created and when it is patched.
struct IntegrationBody {
    var name: String?
    var groupBy: [String]
    var signingSecret: String?
    var notifyGroup: String?
    var escalation: EscalationPolicy?
    var grouping: Grouping

    /// Reads them from `reader` for an integration of `format`, adding every problem to it.
    static func read(_ reader: inout ObjectReader, format: (any IngestFormat)?, store: Store) async throws -> IntegrationBody {
        let name = reader.requiredString("name")
        if let name { reader.add(Validate.text(name, field: "name", maximum: 100)) }
        var groupBy = format?.groupBy ?? ["alertname"]
        if reader.contains("group_by") {
            groupBy = reader.array("group_by").enumerated().compactMap { index, value in
                if case .string(let label) = value, !label.isEmpty { return label }
                reader.add([FieldError("group_by[\(index)]", "must be a label name, or \"...\" for every label")])
                return nil
            }
        }
        let signingSecret = reader.string("signing_secret")
        if let signingSecret, format?.signsRequests != true || signingSecret.utf8.count < 16 {
            let signed = IngestFormats.all.filter(\.signsRequests).map(\.kind.rawValue).joined(separator: " and ")
            reader.add([FieldError("signing_secret", "is for \(signed) integrations, at least 16 characters")])
        }
        let notifyGroup = reader.string("notify_group")
        if let notifyGroup { reader.add(Validate.identifier(notifyGroup, field: "notify_group")) }
        var escalation: EscalationPolicy?
        if let value = reader.object("escalation") { escalation = try await AdminAPI.escalation(value, into: &reader, store: store) }
        let groupWait = reader.integer("group_wait_seconds") ?? 0
        let groupInterval = reader.integer("group_interval_seconds") ?? 300
        reader.add(GroupingLimits.check(groupWait: groupWait, groupInterval: groupInterval))
        return IntegrationBody(
            name: name, groupBy: groupBy, signingSecret: signingSecret, notifyGroup: notifyGroup, escalation: escalation,
            grouping: Grouping(groupBy: groupBy, groupWait: groupWait, groupInterval: groupInterval))
    }
}
