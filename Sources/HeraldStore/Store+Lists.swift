import Foundation
import HeraldCore
import SQLKit

/// Every list the API serves, a page at a time, in the order the whole list had before.
extension Store {
    public func contacts(page request: PageRequest) async throws -> Page<Contact> {
        try await read { database in
            try await Self.page(
                database.select().column("*").from("contacts"), order: .by(("name", .text, descending: false), ("id", .text, descending: false)),
                request) { try $0.contact() }
        }
    }

    public func integrations(page request: PageRequest) async throws -> Page<Integration> {
        try await read { database in
            try await Self.page(
                database.select().column("*").from("integrations").where("id", .notIn, SQLBind.group(Self.builtInIntegrations)),
                order: .by(("created_at", .integer, descending: false), ("id", .text, descending: false)), request) { try $0.integration() }
        }
    }

    /// Newest first.
    public func incidents(includeResolved: Bool, page request: PageRequest) async throws -> Page<Incident> {
        try await read { database in
            var query = database.select().column("*").from("incidents")
            if !includeResolved { query = query.where("status", .notEqual, IncidentStatus.resolved.rawValue) }
            return try await Self.page(
                query, order: .by(("created_at", .integer, descending: true), ("id", .text, descending: false)), request) { try $0.incident() }
        }
    }

    public func teams(page request: PageRequest) async throws -> Page<Team> {
        try await read { database in
            try await Self.page(database.select().column("*").from("teams"), order: .by(("id", .text, descending: false)), request) {
                try $0.team()
            }
        }
    }

    public func schedules(page request: PageRequest) async throws -> Page<OnCallSchedule> {
        try await read { database in
            try await Self.page(database.select().column("*").from("schedules"), order: .by(("id", .text, descending: false)), request) {
                try JSONDecoder().decode(OnCallSchedule.self, from: Data(try $0.decode(column: "definition_json", as: String.self).utf8))
            }
        }
    }

    /// Silences still in force at `time` (or starting later), the soonest to end first.
    public func silences(at time: Date, page request: PageRequest) async throws -> Page<Silence> {
        try await read { database in
            try await Self.page(
                database.select().column("*").from("silences").where("ends_at", .greaterThan, SQLBind(Timestamp.milliseconds(time))),
                order: .by(("ends_at", .integer, descending: false), ("id", .text, descending: false)), request) { try $0.silence() }
        }
    }

    public func components(page request: PageRequest) async throws -> Page<Component> {
        try await read { database in
            try await Self.page(
                database.select().column("*").from("components"),
                order: .by(("position", .integer, descending: false), ("name", .text, descending: false), ("id", .text, descending: false)),
                request) { try $0.component() }
        }
    }

    public func componentGroups(page request: PageRequest) async throws -> Page<ComponentGroup> {
        try await read { database in
            try await Self.page(
                database.select().column("*").from("component_groups"),
                order: .by(("position", .integer, descending: false), ("name", .text, descending: false), ("id", .text, descending: false)),
                request) { try $0.componentGroup() }
        }
    }

    public func tokens(page request: PageRequest) async throws -> Page<APIToken> {
        try await read { database in
            try await Self.page(
                database.select().column("*").from("api_tokens"),
                order: .by(("created_at", .integer, descending: false), ("id", .text, descending: false)), request) { try $0.apiToken() }
        }
    }

    /// Newest planned start first, optionally only in some states.
    public func notices(states: [NoticeState], page request: PageRequest) async throws -> Page<Notice> {
        try await read { database in
            var query = database.select().column("*").from("notices")
            if !states.isEmpty { query = query.where("state", .in, states.map(\.rawValue)) }
            return try await Self.page(
                query, order: .by(("planned_start", .integer, descending: true), ("id", .text, descending: false)), request) { try $0.notice() }
        }
    }

    /// Newest first.
    public func deadLetters(page request: PageRequest) async throws -> Page<Delivery> {
        try await read { database in
            try await Self.page(
                Self.deliveryRows(database).where("state", .equal, DeliveryState.dead.rawValue),
                order: .by(("id", .integer, descending: true)), request) { try $0.delivery() }
        }
    }
}
