import Foundation
import HeraldCore
import SQLKit

/// A clock event the engine claims: a reminder or a miss, once per key across nodes and restarts.
public struct ClockClaim: Sendable, Equatable {
    public var key: String
    public var classification: String
    public var step: String
    /// `reminder` or `missed`.
    public var kind: String
    public var deadline: Date
    /// The timeline's line in every language.
    public var timeline: [Language: String]
    /// For a miss: the severity the incident is raised to (nil leaves it).
    public var raiseTo: Severity?

    public init(key: String, classification: String, step: String, kind: String, deadline: Date, timeline: [Language: String], raiseTo: Severity? = nil) {
        self.key = key
        self.classification = classification
        self.step = step
        self.kind = kind
        self.deadline = deadline
        self.timeline = timeline
        self.raiseTo = raiseTo
    }
}

/// Regulatory clocks: classifications, awareness corrections, filings, decisions not to notify and
/// the reminders sent. The use cases decide (Core's `FilingCheck`, `ClockWatch`); these write what
/// was decided, each with its audit entry and its timeline line in the same transaction.
extension Store {
    public func classify(
        incident: String, regime: String, awareness: Date, by actor: String, timeline: [Language: String]
    ) async throws -> Classification {
        let id = Identifier.make()
        return try await transaction { database in
            guard try await database.select().column("id").from("incidents").where("id", .equal, incident).first() != nil
            else { throw StoreError.notFound(kind: "incident", id: incident) }
            if try await database.select().column("id").from("incident_classifications").where("incident_id", .equal, incident)
                .where("regime_id", .equal, regime).first() != nil
            {
                throw StoreError.conflict(FieldError("regime", .complianceAlreadyClassified, values: ["id": regime]))
            }
            let now = self.timestamp()
            try await Self.recordingChange(database, table: "incident_classifications", id: id, kind: "classification", at: now) {
                try await database.insert(into: "incident_classifications")
                    .columns("id", "incident_id", "regime_id", "awareness_at", "recorded_by", "recorded_at")
                    .values(SQLBind(id), SQLBind(incident), SQLBind(regime), SQLBind(Timestamp.milliseconds(awareness)), SQLBind(actor), SQLBind(now))
                    .run()
            }
            try await Self.complianceEvent(database, incident: incident, actor: actor, timeline, at: now)
            return try await Self.classification(database, id: id)
        }
    }

    /// Moves the awareness time, keeping the old one and the reason; every clock counts from the new one.
    public func correctAwareness(
        classification id: String, to awareness: Date, reason: String, by actor: String, timeline: [Language: String]
    ) async throws -> Classification {
        try await transaction { database in
            let current = try await Self.lockedClassification(database, id: id, dialect: self.dialect)
            let now = self.timestamp()
            try await Self.recordingChange(database, table: "incident_classifications", id: id, kind: "classification", action: "awareness_corrected", detail: reason, at: now) {
                try await database.update("incident_classifications").set("awareness_at", to: SQLBind(Timestamp.milliseconds(awareness)))
                    .where("id", .equal, id).run()
                try await database.insert(into: "awareness_corrections")
                    .columns("classification_id", "previous_at", "awareness_at", "reason", "corrected_by", "corrected_at")
                    .values(
                        SQLBind(id), SQLBind(Timestamp.milliseconds(current.awareness)), SQLBind(Timestamp.milliseconds(awareness)), SQLBind(reason),
                        SQLBind(actor), SQLBind(now)
                    ).run()
            }
            try await Self.complianceEvent(database, incident: current.incidentID, actor: actor, timeline, at: now)
            return try await Self.classification(database, id: id)
        }
    }

    /// Records one filing of a step (a first one or a further phase).
    public func recordFiling(
        classification id: String, step: String, filedAt: Date, by actor: String, reference: String?, lateReason: String?,
        timeline: [Language: String]
    ) async throws -> Classification {
        try await transaction { database in
            let current = try await Self.lockedClassification(database, id: id, dialect: self.dialect)
            let now = self.timestamp()
            let row = try await database.raw(
                """
                INSERT INTO regulatory_filings (classification_id, step_id, filed_at, filed_by, reference, late_reason, recorded_at)
                VALUES (\(bind: id), \(bind: step), \(bind: Timestamp.milliseconds(filedAt)), \(bind: actor), \(bind: reference), \(bind: lateReason), \(bind: now))
                RETURNING id
                """
            ).first()
            let filing = try row?.integer("id") ?? 0
            try await Self.audit(
                database, action: "filed", kind: "regulatory_filing", id: String(filing),
                change: AuditChange.between(nil, [
                    "classification_id": .string(id), "step_id": .string(step), "filed_at": .integer(Timestamp.milliseconds(filedAt)),
                    "reference": reference.map(JSONValue.string) ?? .null, "late_reason": lateReason.map(JSONValue.string) ?? .null,
                ]), at: now)
            try await Self.complianceEvent(database, incident: current.incidentID, actor: actor, timeline, at: now)
            return try await Self.classification(database, id: id)
        }
    }

    /// A personal-data breach not notified, and why (the register keeps the reasoning).
    public func recordNotNotifying(classification id: String, reason: String, by actor: String, timeline: [Language: String]) async throws -> Classification {
        try await transaction { database in
            let current = try await Self.lockedClassification(database, id: id, dialect: self.dialect)
            let now = self.timestamp()
            try await Self.recordingChange(database, table: "incident_classifications", id: id, kind: "classification", action: "not_notifying", at: now) {
                try await database.update("incident_classifications").set("not_notifying_reason", to: SQLBind(reason))
                    .set("not_notifying_by", to: SQLBind(actor)).set("not_notifying_at", to: SQLBind(now)).where("id", .equal, id).run()
            }
            try await Self.complianceEvent(database, incident: current.incidentID, actor: actor, timeline, at: now)
            return try await Self.classification(database, id: id)
        }
    }

    /// Replaces the fields responders wrote for a classification's reports (an empty text removes one).
    public func saveReportFields(classification id: String, _ fields: [String: String], by actor: String) async throws -> Classification {
        try await transaction { database in
            let current = try await Self.lockedClassification(database, id: id, dialect: self.dialect)
            var kept = current.reportFields
            for (field, text) in fields {
                kept[field] = text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : text
            }
            guard kept != current.reportFields else { return current }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys  // the audit entry's before and after differ only where a field did
            let json = String(decoding: try encoder.encode(kept), as: UTF8.self)
            try await Self.recordingChange(
                database, table: "incident_classifications", id: id, kind: "classification", action: "report_fields", actor: actor, at: self.timestamp()
            ) {
                try await database.update("incident_classifications").set("report_json", to: SQLBind(json)).where("id", .equal, id).run()
            }
            return try await Self.classification(database, id: id)
        }
    }

    public func classifications(incident: String) async throws -> [Classification] {
        try await read { database in
            let ids = try await database.select().column("id").from("incident_classifications").where("incident_id", .equal, incident)
                .orderBy("recorded_at").orderBy("id").all().map { try $0.text("id") }
            var result: [Classification] = []
            for id in ids { result.append(try await Self.classification(database, id: id)) }
            return result
        }
    }

    public func classification(id: String) async throws -> Classification {
        try await read { database in try await Self.classification(database, id: id) }
    }

    /// Every classification under one of `regimes` with its incident, oldest awareness first: the breach register's rows.
    public func classifications(regimes: [String]) async throws -> [(Classification, Incident)] {
        guard !regimes.isEmpty else { return [] }
        return try await read { database in
            let rows = try await database.select().column("id").column("incident_id").from("incident_classifications")
                .where("regime_id", .in, SQLBind.group(regimes)).orderBy("awareness_at").orderBy("id").all()
            var result: [(Classification, Incident)] = []
            for row in rows {
                let incident = try await database.select().column("*").from("incidents").where("id", .equal, try row.text("incident_id")).first()!.incident()
                result.append((try await Self.classification(database, id: try row.text("id")), incident))
            }
            return result
        }
    }

    /// Every classification with the clock keys already claimed for it: what the clock watcher looks at.
    public func clockFacts() async throws -> [(Classification, Set<String>)] {
        try await read { database in
            let ids = try await database.select().column("id").from("incident_classifications").orderBy("id").all().map { try $0.text("id") }
            var sent: [String: Set<String>] = [:]
            for row in try await database.select().column("key").column("classification_id").from("compliance_clock_events").all() {
                sent[try row.text("classification_id"), default: []].insert(try row.text("key"))
            }
            var result: [(Classification, Set<String>)] = []
            for id in ids { result.append((try await Self.classification(database, id: id), sent[id] ?? [])) }
            return result
        }
    }

    /// Claims a clock event: true when this call recorded it (with its timeline line, and for a miss
    /// the raised severity, in the same transaction), false when it was already claimed here or on
    /// another node.
    public func claimClockEvent(_ claim: ClockClaim, actor: String = "herald") async throws -> Bool {
        try await transaction { database in
            let now = self.timestamp()
            let claimed = try await database.raw(
                """
                INSERT INTO compliance_clock_events (key, classification_id, step_id, kind, deadline_at, sent_at)
                VALUES (\(bind: claim.key), \(bind: claim.classification), \(bind: claim.step), \(bind: claim.kind), \(bind: Timestamp.milliseconds(claim.deadline)), \(bind: now))
                ON CONFLICT (key) DO NOTHING RETURNING key
                """
            ).all()
            guard !claimed.isEmpty else { return false }
            guard let owner = try await database.select().column("incident_id").from("incident_classifications").where("id", .equal, claim.classification).first()
            else { throw StoreError.notFound(kind: "classification", id: claim.classification) }
            let incident = try owner.text("incident_id")
            try await Self.audit(database, actor: actor, action: "clock_\(claim.kind)", kind: "classification", id: claim.classification, detail: claim.key, at: now)
            try await Self.complianceEvent(database, incident: incident, actor: actor, claim.timeline, at: now)
            if let severity = claim.raiseTo {
                let current = try await database.select().column("*").from("incidents").where("id", .equal, incident).first()!.incident()
                if current.severity != severity {
                    try await database.update("incidents").set("severity", to: SQLBind(severity.rawValue)).where("id", .equal, incident).run()
                    try await Self.addEvent(
                        database, incident: incident, kind: .severityRaised, actor: actor, detail: "\(current.severity.rawValue) → \(severity.rawValue)", at: now)
                }
            }
            return true
        }
    }

    static func complianceEvent(_ database: any SQLDatabase, incident: String, actor: String, _ timeline: [Language: String], at now: Int64) async throws {
        try await addEvent(database, incident: incident, kind: .compliance, actor: actor, detail: timeline[.en], at: now, translations: timeline)
    }

    static func lockedClassification(_ database: any SQLDatabase, id: String, dialect: StoreDialect) async throws -> Classification {
        var query = database.select().column("id").from("incident_classifications").where("id", .equal, id)
        if dialect == .postgres { query = query.lockingClause(SQLRaw("FOR UPDATE")) }
        guard try await query.first() != nil else { throw StoreError.notFound(kind: "classification", id: id) }
        return try await classification(database, id: id)
    }

    static func classification(_ database: any SQLDatabase, id: String) async throws -> Classification {
        guard let row = try await database.select().column("*").from("incident_classifications").where("id", .equal, id).first()
        else { throw StoreError.notFound(kind: "classification", id: id) }
        let corrections = try await database.select().column("*").from("awareness_corrections").where("classification_id", .equal, id)
            .orderBy("id").all().map {
                Classification.AwarenessCorrection(
                    from: try $0.date("previous_at"), to: try $0.date("awareness_at"), reason: try $0.text("reason"), by: try $0.text("corrected_by"),
                    at: try $0.date("corrected_at"))
            }
        let filings = try await database.select().column("*").from("regulatory_filings").where("classification_id", .equal, id)
            .orderBy("filed_at").orderBy("id").all().map {
                Classification.Filing(
                    step: try $0.text("step_id"), filedAt: try $0.date("filed_at"), by: try $0.text("filed_by"), reference: try $0.optionalText("reference"),
                    lateReason: try $0.optionalText("late_reason"), recordedAt: try $0.date("recorded_at"))
            }
        var notNotifying: Classification.NotNotifying?
        if let reason = try row.optionalText("not_notifying_reason") {
            notNotifying = .init(reason: reason, by: try row.optionalText("not_notifying_by") ?? "", at: try row.optionalDate("not_notifying_at") ?? Date(timeIntervalSince1970: 0))
        }
        return Classification(
            id: id, incidentID: try row.text("incident_id"), regimeID: try row.text("regime_id"), awareness: try row.date("awareness_at"),
            recordedBy: try row.text("recorded_by"), recordedAt: try row.date("recorded_at"), corrections: corrections, filings: filings,
            notNotifying: notNotifying,
            reportFields: try JSONDecoder().decode([String: String].self, from: Data(try row.text("report_json").utf8)))
    }
}
