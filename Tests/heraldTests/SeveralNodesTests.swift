import Foundation
import HTTPTypes
import HeraldCore
@testable import HeraldStore
import HeraldTestSupport
import Hummingbird
import SQLKit
import Synchronization
import Testing

/// Two `herald serve` processes on one PostgreSQL database, as an operator runs several nodes
/// behind a load balancer: a notice published on one is delivered to every person exactly once,
/// both nodes send a share of it, and each attempt names the node that made it.
@Suite struct SeveralNodesTests {
    static let people = 600

    @Test(.timeLimit(.minutes(5)))
    func twoNodesDeliverAFanOutExactlyOnceAndEachSendsAShare() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A receiver that takes 100 ms to answer: one node alone would need about a second, time
        // enough for the other's dispatcher (it looks every 250 ms) to claim its part.
        let keys = Mutex<[String]>([])
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let key = request.headers[HTTPField.Name("Idempotency-Key")!] ?? "none"
            try await Task.sleep(for: .milliseconds(100))
            keys.withLock { $0.append(key) }
            return Response(status: .ok)
        }
        try await LoopbackServer.serve(router) { port in
            try await TestDatabase.postgres.withEmptyDatabase { location in
                let config = """
                    catalogue:
                      components:
                        - {id: web, name: 官方网站}
                    outbound:
                      allow: ["127.0.0.1"]
                    channels:
                      webhook: {secret: several-nodes-webhook-secret}
                    """
                try config.write(to: directory.appendingPathComponent("herald.yaml"), atomically: true, encoding: .utf8)
                let csv = "id,name,groups,webhook\n" + (0..<Self.people).map { "p\($0),用户\($0),ops,http://127.0.0.1:\(port)/hook" }.joined(separator: "\n") + "\n"
                try csv.write(to: directory.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
                let common = ["--config", "herald.yaml", "--database", location.argument]
                try await HeraldProcess.migrate(common, in: directory)
                let imported = try await HeraldProcess.run(["contacts", "import", "people.csv"] + common, in: directory)
                #expect(imported.status == 0, "\(imported.stderr)")
                let made = try await HeraldProcess.run(["token", "create", "--role", "admin", "--name", "nodes"] + common, in: directory)
                let token = String(try #require(made.stdout.firstMatch(of: /hrld_[0-9a-f]{48}/)?.output, "\(made.stderr)"))

                let first = try await RunningServer(common, in: directory)
                let second = try await RunningServer(common, in: directory)
                let url = try await first.baseURL()
                _ = try await second.baseURL()

                let skeleton = try await HeraldProcess.run(["notice", "new"], in: directory)
                let notice = skeleton.stdout.replacingOccurrences(of: "groups: []", with: "groups: [ops]")
                    .replacingOccurrences(of: "subscribers: true", with: "subscribers: false")
                try notice.write(to: directory.appendingPathComponent("notice.yaml"), atomically: true, encoding: .utf8)
                let published = try await HeraldProcess.run(["notice", "publish", "notice.yaml", "--server", url, "--token", token], in: directory)
                #expect(published.status == 0, "\(published.stdout)\(published.stderr)")

                let deadline = ContinuousClock.now + .seconds(120)
                while keys.withLock({ $0.count }) < Self.people, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(200)) }
                // A while longer, for any second copy on its way.
                try await Task.sleep(for: .seconds(2))
                let received = keys.withLock { $0 }
                #expect(received.count == Self.people, "each person once, not \(received.count) messages")
                #expect(Set(received).count == Self.people, "no idempotency key twice")

                let nodes = try await Store.withStore(location, logger: TestDatabase.logger) { store in
                    try await store.read { database in
                        try await database.raw("SELECT node, COUNT(*) AS n FROM delivery_attempts GROUP BY node").all()
                            .map { (try $0.optionalText("node") ?? "none", Int(try $0.integer("n"))) }
                    }
                }
                let shares = Dictionary(uniqueKeysWithValues: nodes)
                let host = ProcessInfo.processInfo.hostName
                let names = ["\(host):\(first.processIdentifier)", "\(host):\(second.processIdentifier)"]
                #expect(Set(shares.keys) == Set(names), "attempts name the two nodes: \(shares)")
                #expect(names.allSatisfy { (shares[$0] ?? 0) > 0 }, "both nodes sent a share: \(shares)")
                #expect(shares.values.reduce(0, +) == Self.people, "one attempt per person: \(shares)")
                #expect(try await first.stop() == 0)
                #expect(try await second.stop() == 0)
                print("several nodes: shares \(shares.values.sorted())")
            }
        }
    }
}
