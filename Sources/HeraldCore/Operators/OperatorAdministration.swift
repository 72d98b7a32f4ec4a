/// What an admin may do to an operator's account from the users page. Nobody disables, or takes
/// the admin role from, their own account there: the last admin could lock everyone out.
public enum OperatorAdministration {
    public enum Change: Sendable, Equatable {
        case disable
        case enable
        case role(Role)
    }

    public enum Verdict: Sendable, Equatable {
        case allowed
        case refusedOnSelf
    }

    public static func decide(actorID: String, targetID: String, change: Change) -> Verdict {
        guard actorID == targetID else { return .allowed }
        switch change {
        case .enable, .role(.admin): return .allowed
        case .disable, .role: return .refusedOnSelf
        }
    }
}
