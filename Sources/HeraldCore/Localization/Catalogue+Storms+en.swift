extension Catalogue {
    /// English: alert storms — the page that starts one, its digests and its end.
    static let stormsEN: [Phrase: String] = [
        .incidentEventStorm: "Alert storm",
        .stormNoTeam: "(no team)",
        .stormPageSubject: "[STORM] Team {team}: {count} new incidents in {minutes} min; new alerts now join incident {id}",
        .stormPageBody: "Storm mode is on for team {team}: instead of a page per incident you get this page, then a digest every {digest} min. It ends by itself once fewer than {threshold} alerts arrive in {minutes} min.",
        .stormDigestSubject: "[STORM DIGEST] {count} more alerts joined incident {id} in the last {minutes} min",
        .stormEndedSubject: "[STORM OVER] Team {team} is back to a page per incident; {total} alerts joined incident {id}",
        .stormEndedBody: "Fewer than {threshold} alerts arrived in the last {minutes} min. New alerts open incidents of their own again; incident {id} stays open until its alerts resolve.",
        .stormBySource: "By source:",
        .stormByComponent: "By component:",
        .stormTopSummaries: "Seen most:",
        .stormTallyItem: "- {name}: {count}",
    ]
}
