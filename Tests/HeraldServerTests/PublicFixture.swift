import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// A status page with something on it: components in a group, an upcoming maintenance, a cancelled
/// one, a public incident whose operator wrote markup, and an internal incident nobody announced.
struct PublicFixture {
    var upcoming: String
    var cancelled: String
    var incident: String
    var internalIncident: String

    /// The fixture's maintenance windows are in December, ahead of `TestServer.today`: a server test
    /// that uses the fixture runs on a clock set to that day (the default).
    static let today = TestServer.today

    static func make(_ server: TestServer) async throws -> PublicFixture {
        let store = server.store
        _ = try await store.createComponentGroup(GroupSpec(id: "payments", name: "支付服务"))
        _ = try await store.createComponent(ComponentSpec(id: "pay", name: "支付网关", groupID: "payments"))
        _ = try await store.createComponent(ComponentSpec(id: "web", name: "官网"))

        let upcoming = try await publish(server, NoticeAPITests.body())
        let cancelled = try await publish(server, NoticeAPITests.body(start: "2026-12-05T02:00:00+08:00", end: "2026-12-05T03:00+08:00"))
        _ = try await server.send(
            .post, "/api/v1/notices/\(cancelled)/extend", token: server.responder, json: #"{"planned_end":"2026-12-05T04:00:00+08:00"}"#)
        _ = try await server.send(.post, "/api/v1/notices/\(cancelled)/cancel", token: server.responder, json: #"{"reason":"推迟到下周"}"#)

        let integration = try await store.createIntegration(name: "probe", kind: .generic, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: nil)
            .integration
        let incident = try await fire(store, integration, "pay-5xx", "<script>alert(1)</script> 支付失败", labels: ["alertname": "Pay5xx", "component": "pay"])
        _ = try await store.postIncidentUpdate(
            id: incident, status: .identified, message: "正在排查 <b>支付</b> & 退款", isPublic: true, actor: "li")
        _ = try await store.postIncidentUpdate(id: incident, status: nil, message: "内部：数据库主库 CPU 100%", isPublic: false, actor: "li")
        let internalIncident = try await fire(store, integration, "disk", "磁盘空间不足 db-3", labels: ["alertname": "DiskFull"])
        return PublicFixture(upcoming: upcoming, cancelled: cancelled, incident: incident, internalIncident: internalIncident)
    }

    static func publish(_ server: TestServer, _ body: String) async throws -> String {
        let created = try await server.send(.post, "/api/v1/notices", token: server.responder, json: body)
        let id = try #require(created.object["id"] as? String, "\(created.body)")
        let published = try await server.send(.post, "/api/v1/notices/\(id)/publish", token: server.responder)
        #expect(published.status == .ok, "\(published.body)")
        return id
    }

    static func fire(_ store: Store, _ integration: Integration, _ key: String, _ summary: String, labels: [String: String]) async throws -> String {
        let alert = IncomingAlert(action: .trigger, dedupKey: key, summary: summary, sourceSeverity: "critical", labels: labels, occurredAt: store.now())
        return try #require(try await store.ingest(alert, integration: integration, severity: .high).incidentID)
    }
}
