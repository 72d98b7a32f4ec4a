import Foundation
import HeraldCore
import Testing

/// The console's account rules, from tables: sign-in throttling, session lifetimes, password rules
/// and what an admin may do to their own account.
@Suite struct OperatorRulesTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func ago(_ minutes: Double) -> Date { now.addingTimeInterval(-minutes * 60) }

    struct ThrottleCase: Sendable, CustomTestStringConvertible {
        var name: String
        var account: [Double]
        var address: [Double] = []
        var expected: LoginThrottle.Verdict
        var testDescription: String { name }
    }

    static let throttleCases: [ThrottleCase] = [
        ThrottleCase(name: "no failures", account: [], expected: .allowed),
        ThrottleCase(name: "four failures", account: [1, 2, 3, 4], expected: .allowed),
        ThrottleCase(
            name: "five failures throttle until the oldest leaves the window", account: [1, 2, 3, 4, 10],
            expected: .throttled(until: ago(10 - 15), because: .account)),
        ThrottleCase(
            name: "seven failures: free once only four remain", account: [1, 2, 3, 4, 5, 6, 7],
            expected: .throttled(until: ago(5 - 15), because: .account)),
        ThrottleCase(name: "old failures do not count", account: [1, 2, 3, 4, 16, 20], expected: .allowed),
        ThrottleCase(name: "failures in the future (clock skew) do not count", account: [1, 2, 3, 4, -1], expected: .allowed),
        ThrottleCase(
            name: "twenty from one address", account: [1], address: (1...20).map { Double($0) / 2 },
            expected: .throttled(until: ago(10 - 15), because: .address)),
        ThrottleCase(name: "nineteen from one address", account: [], address: (1...19).map(Double.init), expected: .allowed),
        ThrottleCase(
            name: "both: the later end wins", account: [1, 2, 3, 4, 5], address: (1...20).map { Double($0) / 2 },
            expected: .throttled(until: ago(5 - 15), because: .account)),
    ]

    @Test(arguments: throttleCases)
    func throttle(_ row: ThrottleCase) {
        #expect(
            LoginThrottle.decide(accountFailures: row.account.map(Self.ago), addressFailures: row.address.map(Self.ago), now: Self.now)
                == row.expected)
    }

    /// Minutes since sign-in, minutes since last use, and the verdict.
    static let lifetimes: [(created: Double, seen: Double, verdict: ConsoleSessionPolicy.Verdict)] = [
        (60, 0.5, .live(touch: false)),
        (60, 1, .live(touch: true)),
        (60, 11.9 * 60, .live(touch: true)),
        (13 * 60, 12 * 60, .expired(.idle)),
        (7 * 1440, 1, .expired(.absolute)),
        (7 * 1440 - 1, 0, .live(touch: false)),
    ]

    @Test func sessionLifetime() {
        for row in Self.lifetimes {
            #expect(
                ConsoleSessionPolicy.decide(createdAt: Self.ago(row.created), lastSeenAt: Self.ago(row.seen), now: Self.now) == row.verdict,
                "\(row)")
        }
    }

    static let passwordCases: [(password: String, email: String, problems: [PasswordRules.Problem])] = [
        ("correct horse battery", "li@example.com", []),
        ("short", "li@example.com", [.tooShort]),
        ("12characters", "li@example.com", []),
        ("11character", "li@example.com", [.tooShort]),
        ("Li@Example.com", "li@example.com", [.isTheEmail]),
        ("liweiliwei12", "liweiliwei12@example.com", [.isTheEmail]),
        ("运维值班密码十二个字很长", "li@example.com", []),
        (String(repeating: "密", count: 25), "li@example.com", [.tooLong]),
    ]

    @Test func passwords() {
        for row in Self.passwordCases { #expect(PasswordRules.problems(row.password, email: row.email) == row.problems, "\(row.password)") }
    }

    static let selfCases: [(actor: String, target: String, change: OperatorAdministration.Change, verdict: OperatorAdministration.Verdict)] = [
        ("a", "b", .disable, .allowed),
        ("a", "a", .disable, .refusedOnSelf),
        ("a", "a", .role(.viewer), .refusedOnSelf),
        ("a", "a", .role(.admin), .allowed),
        ("a", "b", .role(.viewer), .allowed),
    ]

    @Test func selfChanges() {
        for row in Self.selfCases {
            #expect(OperatorAdministration.decide(actorID: row.actor, targetID: row.target, change: row.change) == row.verdict, "\(row)")
        }
    }

    @Test func theNextOnCallIsTheNextHandOffOrOverride() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var schedule = OnCallSchedule(id: "s", name: "s", timeZone: "UTC", members: ["a", "b"], start: start, rotationDays: 1)
        let next = schedule.next(after: start.addingTimeInterval(3600))
        #expect(next?.contact == "b")
        #expect(next?.at == start.addingTimeInterval(86400))
        schedule.overrides = [.init(contact: "c", start: start.addingTimeInterval(7200 + 17), end: start.addingTimeInterval(9000))]
        #expect(schedule.next(after: start.addingTimeInterval(3600))?.at == start.addingTimeInterval(7217))
        #expect(OnCallSchedule(id: "s", name: "s", timeZone: "UTC", members: ["a"], start: start, rotationDays: 1).next(after: start) == nil)
    }
}
