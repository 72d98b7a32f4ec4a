/// The contacts, groups and on-call schedules that exist, for checking what an escalation names.
public struct EscalationTargets: Sendable, Equatable {
    public var contacts: Set<String>
    public var groups: Set<String>
    public var schedules: Set<String>

    public init(contacts: Set<String>, groups: Set<String>, schedules: Set<String>) {
        self.contacts = contacts
        self.groups = groups
        self.schedules = schedules
    }
}

extension EscalationPolicy {
    /// Reads `{"steps": [{"group": "sre", "wait_minutes": 5}, {"contact": "li"}, {"schedule": "primary"}], "repeats": 1}`,
    /// adding every problem to `parent` under `escalation.`.
    public static func read(_ value: JSONValue, into parent: inout ObjectReader) -> EscalationPolicy? {
        var reader = ObjectReader(value, prefix: "escalation.")
        var steps: [EscalationStep] = []
        if !reader.contains("steps") { reader.add([FieldError("escalation.steps", "is required")]) }
        for (index, item) in reader.array("steps").enumerated() {
            var step = ObjectReader(item, prefix: "escalation.steps[\(index)].")
            let group = step.string("group")
            let contact = step.string("contact")
            let schedule = step.string("schedule")
            let wait = step.integer("wait_minutes") ?? 0
            if [group, contact, schedule].compactMap({ $0 }).count != 1 {
                step.add([FieldError("escalation.steps[\(index)]", "names one of a group, a contact or a schedule")])
            }
            if !GroupingLimits.stepWait.contains(wait) {
                step.add([FieldError(
                    "escalation.steps[\(index)].wait_minutes", "must be from \(GroupingLimits.stepWait.lowerBound) to \(GroupingLimits.stepWait.upperBound)")])
            }
            if let group { steps.append(EscalationStep(target: .group(group), waitMinutes: wait)) }
            if let contact { steps.append(EscalationStep(target: .contact(contact), waitMinutes: wait)) }
            if let schedule { steps.append(EscalationStep(target: .schedule(schedule), waitMinutes: wait)) }
            reader.add(step.errorsIncludingUnknown())
        }
        if reader.contains("steps"), steps.isEmpty, !reader.reported("steps") { reader.add([FieldError("escalation.steps", "needs at least one step")]) }
        let repeats = reader.integer("repeats") ?? 0
        if !(0...10).contains(repeats) { reader.add([FieldError("escalation.repeats", "must be from 0 to 10")]) }
        let errors = reader.errorsIncludingUnknown()
        parent.add(errors)
        return errors.isEmpty ? EscalationPolicy(steps: steps, repeats: repeats) : nil
    }

    /// Each step that names a contact, group or schedule that does not exist, with its field: such a
    /// step would page nobody when its time comes.
    public func problems(known: EscalationTargets, field prefix: String = "escalation") -> [FieldError] {
        steps.enumerated().compactMap { index, step in
            let field = "\(prefix).steps[\(index)]"
            switch step.target {
            case .contact(let id) where !known.contacts.contains(id):
                return FieldError(field + ".contact", "no contact with id '\(id)'")
            case .group(let name) where !known.groups.contains(name):
                return FieldError(field + ".group", "no contact is in group '\(name)'")
            case .schedule(let id) where !known.schedules.contains(id):
                return FieldError(field + ".schedule", "no on-call schedule with id '\(id)'")
            default:
                return nil
            }
        }
    }
}
