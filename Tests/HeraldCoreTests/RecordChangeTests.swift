import Foundation
import HeraldCore
import Testing

/// RFC 7396 merge patches, from the RFC's own examples (Appendix A).
@Suite struct MergePatchTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var target: String
        var patch: String
        var result: String
        var testDescription: String { "\(target) + \(patch)" }
    }

    static let rows: [Row] = [
        Row(target: #"{"a":"b"}"#, patch: #"{"a":"c"}"#, result: #"{"a":"c"}"#),
        Row(target: #"{"a":"b"}"#, patch: #"{"b":"c"}"#, result: #"{"a":"b","b":"c"}"#),
        Row(target: #"{"a":"b"}"#, patch: #"{"a":null}"#, result: #"{}"#),
        Row(target: #"{"a":"b","b":"c"}"#, patch: #"{"a":null}"#, result: #"{"b":"c"}"#),
        Row(target: #"{"a":["b"]}"#, patch: #"{"a":"c"}"#, result: #"{"a":"c"}"#),
        Row(target: #"{"a":"c"}"#, patch: #"{"a":["b"]}"#, result: #"{"a":["b"]}"#),
        Row(target: #"{"a":{"b":"c"}}"#, patch: #"{"a":{"b":"d","c":null}}"#, result: #"{"a":{"b":"d"}}"#),
        Row(target: #"{"a":[{"b":"c"}]}"#, patch: #"{"a":[1]}"#, result: #"{"a":[1]}"#),
        Row(target: #"["a","b"]"#, patch: #"["c","d"]"#, result: #"["c","d"]"#),
        Row(target: #"{"a":"b"}"#, patch: #"["c"]"#, result: #"["c"]"#),
        Row(target: #"{"a":"foo"}"#, patch: "null", result: "null"),
        Row(target: #"{"e":null}"#, patch: #"{"a":1}"#, result: #"{"e":null,"a":1}"#),
        Row(target: #"[1,2]"#, patch: #"{"a":"b","c":null}"#, result: #"{"a":"b"}"#),
        Row(target: #"{}"#, patch: #"{"a":{"bb":{"ccc":null}}}"#, result: #"{"a":{"bb":{}}}"#),
    ]

    @Test(arguments: rows)
    func mergesAsTheRFCSays(_ row: Row) throws {
        let target = try JSONValue.parse(Array(row.target.utf8))
        let patch = try JSONValue.parse(Array(row.patch.utf8))
        #expect(target.merged(with: patch) == (try JSONValue.parse(Array(row.result.utf8))))
    }
}

/// `?limit` and `?cursor`: every problem named, and a cursor reads back what was written.
@Suite struct PageRequestTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var limit: String?
        var cursor: String?
        var expected: Result<PageRequest, ValidationFailure>
        var testDescription: String { "limit=\(limit ?? "-") cursor=\(cursor ?? "-")" }
    }

    static let cursor = PageCursor([.text("李雷"), .integer(-42), .text("a/b+c")])

    static let rows: [Row] = [
        Row(limit: nil, cursor: nil, expected: .success(PageRequest(limit: 100))),
        Row(limit: "1", cursor: nil, expected: .success(PageRequest(limit: 1))),
        Row(limit: "500", cursor: cursor.encoded, expected: .success(PageRequest(limit: 500, after: cursor))),
        Row(limit: "0", cursor: nil, expected: .failure(ValidationFailure([FieldError("limit", "must be a whole number from 1 to 500")]))),
        Row(limit: "501", cursor: nil, expected: .failure(ValidationFailure([FieldError("limit", "must be a whole number from 1 to 500")]))),
        Row(limit: "ten", cursor: "!!", expected: .failure(ValidationFailure([
            FieldError("limit", "must be a whole number from 1 to 500"),
            FieldError("cursor", "is not a cursor this server gave out; pass the 'next' of the previous page"),
        ]))),
        Row(limit: nil, cursor: "W10", expected: .failure(ValidationFailure([
            FieldError("cursor", "is not a cursor this server gave out; pass the 'next' of the previous page")]))),
    ]

    @Test(arguments: rows)
    func readsLimitAndCursor(_ row: Row) {
        let read = Result { () throws(ValidationFailure) in try PageRequest.read(limit: row.limit, cursor: row.cursor) }
        #expect(read == row.expected)
    }

    @Test func aCursorIsURLSafe() {
        #expect(!Self.cursor.encoded.contains(where: { "+/=".contains($0) }))
        #expect(PageCursor(encoded: Self.cursor.encoded) == Self.cursor)
    }
}

/// Which deletions are refused, and what the refusal names.
@Suite struct RecordDeletionTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let policy = EscalationPolicy(steps: [
        EscalationStep(target: .group("sre"), waitMinutes: 5), EscalationStep(target: .contact("li"), waitMinutes: 10),
        EscalationStep(target: .schedule("primary"), waitMinutes: 10),
    ])
    static let facts = ReferenceFacts(
        teams: [Team(id: "payments", name: "支付", escalation: policy)],
        integrations: [Integration(id: "i1", name: "prometheus", kind: .alertmanager, keyHint: "abcd",
                                   escalation: EscalationPolicy(steps: [EscalationStep(target: .contact("wang"), waitMinutes: 0)]), createdAt: now)],
        schedules: [OnCallSchedule(id: "primary", name: "一线", timeZone: "Asia/Shanghai", members: ["zhao"], start: now, rotationDays: 7, overrides: [
            .init(contact: "qian", start: now.addingTimeInterval(-7200), end: now.addingTimeInterval(3600)),
            .init(contact: "sun", start: now.addingTimeInterval(-7200), end: now.addingTimeInterval(-3600)),
        ])],
        routes: [AlertRoute(matchers: [], team: "payments"), AlertRoute(matchers: [], team: "web"), AlertRoute(matchers: [], team: "payments")],
        openIncidents: [
            Incident(id: "x", title: "t", status: .investigating, severity: .high, integrationID: "i2", createdAt: now, teamID: "db"),
            Incident(id: "y", title: "t", status: .identified, severity: .low, integrationID: "i2", createdAt: now, teamID: "db"),
        ],
        now: now)

    struct Row: Sendable, CustomTestStringConvertible {
        var target: DeletionTarget
        var decision: RecordDeletion.Decision
        var testDescription: String { "\(target)" }
    }

    static let rows: [Row] = [
        Row(target: .contact("li"), decision: .refused("contact 'li' is still used by team 'payments' (escalation step 2); change or resolve it first")),
        Row(target: .contact("wang"), decision: .refused("contact 'wang' is still used by integration 'prometheus' (escalation step 1); change or resolve it first")),
        Row(target: .contact("zhao"), decision: .refused("contact 'zhao' is still used by schedule 'primary' (member); change or resolve it first")),
        Row(target: .contact("qian"), decision: .refused("contact 'qian' is still used by schedule 'primary' (override); change or resolve it first")),
        Row(target: .contact("sun"), decision: .allowed),
        Row(target: .contact("nobody"), decision: .allowed),
        Row(target: .schedule("primary"), decision: .refused("schedule 'primary' is still used by team 'payments' (escalation step 3); change or resolve it first")),
        Row(target: .schedule("secondary"), decision: .allowed),
        Row(target: .team("payments"), decision: .refused("team 'payments' is still used by alert route 1, alert route 3; change or resolve them first")),
        Row(target: .team("db"), decision: .refused("team 'db' is still used by 2 open incidents; change or resolve it first")),
        Row(target: .team("ops"), decision: .allowed),
        Row(target: .integration("i2"), decision: .refused("integration 'i2' is still used by 2 open incidents; change or resolve it first")),
        Row(target: .integration("i1"), decision: .allowed),
    ]

    @Test(arguments: rows)
    func decides(_ row: Row) {
        #expect(RecordDeletion.decide(row.target, Self.facts) == row.decision)
    }
}

/// What an erased contact's deliveries keep.
@Suite struct ErasureTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var text: String?
        var personal: [String]
        var redacted: String?
        var testDescription: String { text ?? "nil" }
    }

    static let rows: [Row] = [
        Row(text: nil, personal: ["li@example.com"], redacted: nil),
        Row(text: "550 5.1.1 <li@example.com>: user unknown", personal: ["李雷", "li@example.com"], redacted: "550 5.1.1 <erased>: user unknown"),
        Row(text: "The 'To' number +8613800000000 is not valid", personal: ["+8613800000000"], redacted: "The 'To' number erased is not valid"),
        Row(text: "尊敬的李雷：您好", personal: ["李雷", ""], redacted: "尊敬的erased：您好"),
        // The longer value first: an address holding the name is replaced whole.
        Row(text: "to lei@example.com", personal: ["lei", "lei@example.com"], redacted: "to erased"),
        Row(text: "timeout", personal: ["li@example.com"], redacted: "timeout"),
    ]

    @Test(arguments: rows)
    func redacts(_ row: Row) {
        #expect(Erasure.redact(row.text, removing: row.personal) == row.redacted)
    }

    @Test(arguments: [
        (DeliveryState.pending, "429", DeliveryState.withdrawn, "not sent: the contact was deleted and their data erased"),
        (.sent, nil, .sent, nil),
        (.dead, "refused li@example.com", .dead, "refused erased"),
    ] as [(DeliveryState, String?, DeliveryState, String?)])
    func aWaitingDeliveryIsWithdrawnASettledOneKeepsItsState(_ before: DeliveryState, _ error: String?, _ after: DeliveryState, _ left: String?) {
        let change = Erasure.delivery(state: before, lastError: error, removing: ["li@example.com"])
        #expect(change == Erasure.DeliveryChange(state: after, lastError: left))
    }
}
