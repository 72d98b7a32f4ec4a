import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// Teams and the routing rules that hand alerts to them.
    mutating func addTeamRoutes(store: Store) {
        let body = self.body
        on(.get, "/teams", role: .viewer) { request, _ in
            JSONResponse(ListPage("teams", try await store.teams(page: try request.pageRequest()).map(TeamDocument.init)))
        }
        on(.put, "/teams/{id}", role: .admin) { request, context in
            let id = try context.id()
            var reader = ObjectReader(try await body.read(request))
            reader.add(Validate.identifier(id, field: "id"))
            let name = reader.requiredString("name")
            if let name { reader.add(Validate.text(name, field: "name", maximum: 100)) }
            if !reader.contains("escalation") { reader.add([FieldError("escalation", "is required: who the team pages, step by step")]) }
            var escalation: EscalationPolicy?
            if let value = reader.object("escalation") { escalation = try await Self.escalation(value, into: &reader, store: store) }
            try reader.finish()
            guard let name, let escalation else { throw ValidationFailure(reader.errors) }
            return JSONResponse(TeamDocument(try await store.saveTeam(Team(id: id, name: name, escalation: escalation))))
        }
        on(.get, "/alert-routes", role: .viewer) { _, _ in
            JSONResponse(RouteList(routes: try await store.alertRoutes().map(RouteDocument.init)))
        }
        on(.put, "/alert-routes", role: .admin) { request, _ in
            let routes = try Self.routes(try await body.read(request), teams: Set(try await store.teams().map(\.id)))
            try await store.replaceAlertRoutes(routes)
            return JSONResponse(RouteList(routes: routes.map(RouteDocument.init)))
        }
    }

    /// `{"routes": [{"matchers": [{"name": "service", "value": "pay"}], "team": "payments", "severity": "high",
    ///   "runbook_url": "https://wiki.example.cn/pay"}]}`, tried in order.
    static func routes(_ value: JSONValue, teams: Set<String>) throws -> [AlertRoute] {
        var reader = ObjectReader(value)
        // Required, and not null: `[]` says "no rules" on purpose, a null could be a client's unset field.
        if !reader.contains("routes") || reader.raw("routes") == .null {
            reader.add([FieldError("routes", "is required: the rules, in the order they are tried ([] for none)")])
        }
        var routes: [AlertRoute] = []
        for (index, item) in reader.array("routes").enumerated() {
            let prefix = "routes[\(index)]."
            var route = ObjectReader(item, prefix: prefix)
            var matchers: [LabelMatcher] = []
            if !route.contains("matchers") { route.add([FieldError(prefix + "matchers", "is required")]) }
            for (position, entry) in route.array("matchers").enumerated() {
                if let matcher = labelMatcher(entry, field: prefix + "matchers[\(position)]", into: &route) { matchers.append(matcher) }
            }
            let team = route.requiredString("team")
            if let team, !teams.contains(team) { route.add([FieldError(prefix + "team", "no team with id '\(team)'")]) }
            let severity = route.enumeration("severity", as: Severity.self)
            let runbook = route.string("runbook_url")
            if let runbook, !(runbook.hasPrefix("https://") || runbook.hasPrefix("http://")) || runbook.count > 2000 {
                route.add([FieldError(prefix + "runbook_url", "must be an http or https URL")])
            }
            reader.add(route.errorsIncludingUnknown())
            if let team { routes.append(AlertRoute(matchers: matchers, team: team, severity: severity, runbookURL: runbook)) }
        }
        try reader.finish()
        return routes
    }

    /// `{"name": "instance", "value": "db-.*", "is_regex": true, "is_equal": true}`, as silences take them.
    static func labelMatcher(_ value: JSONValue, field: String, into parent: inout ObjectReader) -> LabelMatcher? {
        var matcher = ObjectReader(value, prefix: field + ".")
        let name = matcher.requiredString("name")
        let text = matcher.requiredString("value")
        var flags: [String: Bool] = ["is_regex": false, "is_equal": true]
        for key in flags.keys.sorted() {
            switch matcher.raw(key) {
            case nil, .null?: break
            case .bool(let flag)?: flags[key] = flag
            case let other?: matcher.add([FieldError("\(field).\(key)", "must be true or false, got \(other.typeName)")])
            }
        }
        var parsed: LabelMatcher?
        if let name, let text {
            parsed = LabelMatcher(name: name, value: text, isRegex: flags["is_regex"]!, isEqual: flags["is_equal"]!)
            if name.isEmpty { matcher.add([FieldError("\(field).name", "must not be empty")]) }
            if parsed?.isValid == false { matcher.add([FieldError("\(field).value", "is not a valid regular expression")]) }
        }
        let errors = matcher.errorsIncludingUnknown()
        parent.add(errors)
        return errors.isEmpty ? parsed : nil
    }
}

struct TeamDocument: Encodable, Sendable {
    var id: String
    var name: String
    var escalation: EscalationDocument

    init(_ team: Team) {
        id = team.id
        name = team.name
        escalation = EscalationDocument(team.escalation)
    }
}


struct RouteDocument: Encodable, Sendable {
    struct Matcher: Encodable, Sendable {
        var name: String
        var value: String
        var is_regex: Bool
        var is_equal: Bool
    }

    var matchers: [Matcher]
    var team: String
    @Nullable var severity: Severity?
    @Nullable var runbook_url: String?

    init(_ route: AlertRoute) {
        matchers = route.matchers.map { Matcher(name: $0.name, value: $0.value, is_regex: $0.isRegex, is_equal: $0.isEqual) }
        team = route.team
        severity = route.severity
        runbook_url = route.runbookURL
    }
}

struct RouteList: Encodable, Sendable { var routes: [RouteDocument] }
