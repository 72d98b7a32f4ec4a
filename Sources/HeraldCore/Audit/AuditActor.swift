/// Who made a change, as the audit log names them: the actor, the role they acted with and the
/// client address the request came from (none for the command line and Herald itself).
public struct AuditActor: Sendable, Equatable {
    /// `user:<email>`, `token:<name>`, `cli:<os user>`, `config:reload`, `integration:<name>`, `herald:<service>`.
    public var name: String
    public var role: String?
    public var client: String?

    public init(name: String, role: String? = nil, client: String? = nil) {
        self.name = name
        self.role = role
        self.client = client
    }

    /// Herald's own services (scheduler, escalation): no role, no client.
    public static func herald(_ service: String) -> AuditActor { AuditActor(name: "herald:\(service)") }

    /// The actor of the changes made in the current task. The faces set it once per request or
    /// command (a task-local, so it follows the request into the store without every signature
    /// carrying it); what runs outside any of them is Herald itself.
    @TaskLocal public static var current = AuditActor.herald("herald")
}
