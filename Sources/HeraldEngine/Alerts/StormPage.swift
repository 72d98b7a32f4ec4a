import Foundation
import HeraldCore

/// What the page that begins a team's alert storm says besides the alert: that storm mode is on,
/// why, and that a digest comes instead of a page per incident.
public struct StormOpening: Sendable {
    /// nil for alerts routed to no team.
    let team: String?
    /// The team's new incidents within the window, this one included.
    let opened: Int
    let policy: StormPolicy

    public init(team: String?, opened: Int, policy: StormPolicy) {
        self.team = team
        self.opened = opened
        self.policy = policy
    }

    func teamName(_ language: Language) -> String { team ?? language.text(.stormNoTeam) }

    func subject(_ language: Language, incidentID: String) -> String {
        language.text(
            .stormPageSubject,
            ["team": teamName(language), "count": String(opened), "minutes": String(Int(policy.window / 60)), "id": incidentID])
    }

    func body(_ language: Language) -> String {
        language.text(
            .stormPageBody,
            ["team": teamName(language), "digest": String(Int(policy.digestEvery / 60)), "threshold": String(policy.threshold),
             "minutes": String(Int(policy.window / 60))])
    }

    var json: [String: Any] {
        ["team": team ?? NSNull(), "opened": opened, "window_minutes": Int(policy.window / 60), "digest_minutes": Int(policy.digestEvery / 60)]
    }
}

/// A message during a storm: the digest of what joined since responders were last told, or the
/// storm's end with the same digest.
struct StormMessage {
    enum Kind: Equatable {
        case digest
        /// The storm ended; `total` alerts joined it in all.
        case ended(total: Int)
    }

    let kind: Kind
    let incident: Incident
    let team: String?
    let digest: StormDigest
    let policy: StormPolicy
    let language: Language
    let respondURL: String?

    var subject: String {
        let team = self.team ?? language.text(.stormNoTeam)
        switch kind {
        case .digest:
            return language.text(
                .stormDigestSubject, ["count": String(digest.total), "id": incident.id, "minutes": String(Int(policy.digestEvery / 60))])
        case .ended(let total):
            return language.text(.stormEndedSubject, ["team": team, "total": String(total), "id": incident.id])
        }
    }

    /// The text for a channel of `group`: the subject for SMS, webhook JSON, the digest for the rest.
    func text(for group: ChannelGroup?) -> String {
        let respond = respondURL.map { language.text(.pageRespond, ["url": $0]) }
        switch group {
        case .sms?:
            return [subject, respond].compactMap { $0 }.joined(separator: language.text(.pageSentenceJoin))
        case .webhook?:
            func tallies(_ list: [StormDigest.Tally]) -> [[String: Any]] { list.map { ["name": $0.name, "count": $0.count] } }
            var object: [String: Any] = [
                "event": kind == .digest ? "incident.storm_digest" : "incident.storm_ended", "incident_id": incident.id,
                "severity": incident.severity.rawValue, "team": team ?? NSNull(), "joined": digest.total,
                "by_source": tallies(digest.bySource), "by_component": tallies(digest.byComponent), "top_summaries": tallies(digest.top),
                "respond_url": respondURL ?? NSNull(),
            ]
            if case .ended(let total) = kind { object["total_joined"] = total }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self)
        default:
            func section(_ heading: Phrase, _ list: [StormDigest.Tally]) -> [String] {
                list.isEmpty ? [] : [language.text(heading)] + list.map { language.text(.stormTallyItem, ["name": $0.name, "count": String($0.count)]) }
            }
            var lines = [subject, ""]
            if case .ended = kind {
                lines += [
                    language.text(.stormEndedBody, ["threshold": String(policy.threshold), "minutes": String(Int(policy.window / 60)), "id": incident.id]),
                    "",
                ]
            }
            lines += section(.stormBySource, digest.bySource) + section(.stormByComponent, digest.byComponent)
                + section(.stormTopSummaries, digest.top)
            return (lines + (respond.map { ["", $0] } ?? [])).joined(separator: "\n")
        }
    }

    var actions: [MessageAction] { IncidentPage.respondButtons(respondURL, language) }
}
