extension Catalogue {
    /// English: the reminder an overdue action item sends its owner, and the list of open ones.
    static let actionItemsEN: [Phrase: String] = [
        .actionItemReminderSubject: "[Action item overdue] {title} (due {due})",
        .actionItemReminderBody: "The action item \"{title}\" from the postmortem of \"{incident}\" was due on {due}, {days} day(s) ago.\nMark it done in the postmortem to stop this reminder; until then it comes once a day.\n{link}",
        .actionItemNoLink: "(Herald has no server.public_url, so there is no link: open the incident's postmortem in the console.)",
        .actionItemsTitle: "Open action items",
        .actionItemsHelp: "From every postmortem, by team, the earliest due first. An owner who is a contact (their id, an address or their name) is reminded once a day from 09:00 in their zone once the due day has passed.",
        .actionItemsNone: "No open action items.",
        .actionItemsColumnItem: "Action item",
        .actionItemsColumnOwner: "Owner",
        .actionItemsColumnDue: "Due",
        .actionItemsColumnIncident: "Incident",
        .actionItemsOverdue: "overdue",
        .actionItemsNotAContact: "not a contact: no reminders",
        .actionItemsNoTeam: "No team",
    ]
}
