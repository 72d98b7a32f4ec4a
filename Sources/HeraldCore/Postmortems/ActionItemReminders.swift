import Foundation

/// An action item not done yet, with the postmortem and incident it comes from.
public struct OpenActionItem: Sendable, Equatable {
    public var incidentID: String
    public var incidentTitle: String
    /// The incident's team, nil for one routed to no team.
    public var teamID: String?
    public var postmortemState: PostmortemState
    /// Its place in the postmortem's list.
    public var index: Int
    public var item: ActionItem

    public init(incidentID: String, incidentTitle: String, teamID: String?, postmortemState: PostmortemState, index: Int, item: ActionItem) {
        self.incidentID = incidentID
        self.incidentTitle = incidentTitle
        self.teamID = teamID
        self.postmortemState = postmortemState
        self.index = index
        self.item = item
    }
}

/// Who an action item's owner is: the owner is written as free text, and is a contact when it is a
/// contact's id, one of their addresses, or the name of exactly one of them.
public enum ActionItemOwner {
    public static func contact(_ owner: String, among contacts: [Contact]) -> Contact? {
        let written = owner.trimmingCharacters(in: .whitespaces)
        guard !written.isEmpty else { return nil }
        if let byID = contacts.first(where: { $0.id == written }) { return byID }
        if let byAddress = contacts.first(where: { $0.addresses.values.contains { $0.caseInsensitiveCompare(written) == .orderedSame } }) {
            return byAddress
        }
        let named = contacts.filter { $0.name == written }
        return named.count == 1 ? named[0] : nil
    }
}

/// One reminder to send: an overdue item, its owner, and the day of the owner's it is for.
public struct ActionItemReminder: Sendable, Equatable {
    public var item: OpenActionItem
    public var contact: Contact
    /// The owner's day it is sent on, `YYYY-MM-DD`: one reminder per item and day.
    public var day: String
    /// Whole days since the due day ended, 1 on the first reminder.
    public var daysOverdue: Int

    /// The reminder's key: the same item, owner and day give the same key, so the queue sends it
    /// once however many passes or nodes ask. The item is known by its title, not its place, so
    /// reordering the list sends nothing twice.
    public var key: String {
        "postmortem:\(item.incidentID):action:\(ActionItemReminders.fingerprint(item.item.title)):\(day):\(contact.id)"
    }
}

/// When an action item reminds its owner: from the day after its due day, once a day from the
/// reminder hour in the owner's zone, until it is done.
public enum ActionItemReminders {
    /// Reminders go out from 09:00 in the owner's zone, not at midnight.
    public static let hour = 9

    public static func due(_ items: [OpenActionItem], contacts: [Contact], at now: Date) -> [ActionItemReminder] {
        items.compactMap { open in
            guard !open.item.done, let contact = ActionItemOwner.contact(open.item.owner, among: contacts),
                let overdue = daysOverdue(open.item.due, at: now, zone: ReadableTime.zone(contact.timeZone))
            else { return nil }
            let local = CivilTime(now, in: ReadableTime.zone(contact.timeZone))
            guard overdue >= 1, local.hour >= hour else { return nil }
            return ActionItemReminder(item: open, contact: contact, day: local.dateText, daysOverdue: overdue)
        }
    }

    /// How many whole days ago `due` (`YYYY-MM-DD`) ended in `zone`: 0 on the day itself, negative
    /// before it; nil for a day that is not one.
    public static func daysOverdue(_ due: String, at now: Date, zone: TimeZone) -> Int? {
        guard PostmortemRules.isDay(due) else { return nil }
        let parts = due.split(separator: "-").compactMap { Int($0) }
        let today = CivilTime(now, in: zone)
        return dayNumber(today.year, today.month, today.day) - dayNumber(parts[0], parts[1], parts[2])
    }

    /// Days since 1970-01-01 of a civil date (the inverse of `CivilTime`'s).
    static func dayNumber(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// FNV-1a of the text, 16 hex digits: short, stable across runs and machines.
    public static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// An open action item as the lists show it: who its owner is, if a contact, and how many days it
/// is overdue in the owner's zone (else `zone`); negative while it is not due yet.
public struct ActionItemLine: Sendable, Equatable {
    public var open: OpenActionItem
    public var owner: Contact?
    public var daysOverdue: Int

    public var isOverdue: Bool { daysOverdue >= 1 }

    public static func lines(_ items: [OpenActionItem], contacts: [Contact], at now: Date, zone: TimeZone) -> [ActionItemLine] {
        items.map { open in
            let owner = ActionItemOwner.contact(open.item.owner, among: contacts)
            let days = ActionItemReminders.daysOverdue(open.item.due, at: now, zone: owner.map { ReadableTime.zone($0.timeZone) } ?? zone) ?? 0
            return ActionItemLine(open: open, owner: owner, daysOverdue: days)
        }
    }
}
