import Foundation
import HeraldCore
import HeraldTestSupport
import Testing

/// A body with a missing or mistyped field still has its other fields' content checked: every problem
/// comes in one answer, not one kind of problem per try.
@Suite struct OnePassProblemTests {
    @Test func aMissingNameDoesNotHideTheOtherFieldsProblems() async throws {
        try await TestServer.run(.sqlite) { server in
            let component = try await server.send(
                .post, "/api/v1/components", token: server.admin,
                json: #"{"id":"Bad Id","runbook_url":"ftp://x","position":-1,"internal":"yes"}"#)
            #expect(component.status == .badRequest)
            #expect(Set(component.problemFields) == ["name", "id", "runbook_url", "position", "internal"], "\(component.body)")
            #expect(component.problemFields.filter { $0 == "name" }.count == 1, "a missing name is not also said to be empty")
            let group = try await server.send(
                .post, "/api/v1/component-groups", token: server.admin, json: #"{"id":"-x","position":2000000}"#)
            #expect(Set(group.problemFields) == ["name", "id", "position"], "\(group.body)")
        }
    }

    @Test func anEmptyListIsSaidBesideOtherFieldsTypeErrors() async throws {
        try await TestServer.run(.sqlite) { server in
            let silence = try await server.send(
                .post, "/api/v1/silences", token: server.admin, json: #"{"matchers":[],"ends_at":"2026-12-01T10:00:00Z","comment":5}"#)
            #expect(Set(silence.problemFields) == ["matchers", "comment"], "\(silence.body)")
            let team = try await server.send(
                .put, "/api/v1/teams/payments", token: server.admin, json: #"{"name":"支付组","escalation":{"steps":[],"repeats":"twice"}}"#)
            #expect(Set(team.problemFields) == ["escalation.steps", "escalation.repeats"], "\(team.body)")
        }
    }
}
