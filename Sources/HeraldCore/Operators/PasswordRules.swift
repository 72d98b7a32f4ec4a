/// What a new password must be: long enough to resist guessing, and not the account's own address.
/// bcrypt reads at most 72 bytes, so a longer one is refused rather than silently cut.
public enum PasswordRules {
    public static let minimumLength = 12
    public static let maximumBytes = 72

    public enum Problem: Sendable, Equatable {
        case tooShort
        case tooLong
        case isTheEmail

        /// How it is said to the person choosing the password.
        public var phrase: Phrase {
            switch self {
            case .tooShort: .passwordTooShort
            case .tooLong: .passwordTooLong
            case .isTheEmail: .passwordIsEmail
            }
        }
    }

    /// Every problem with `password` for the account `email`, in one pass; empty when it will do.
    public static func problems(_ password: String, email: String) -> [Problem] {
        var problems: [Problem] = []
        if password.count < minimumLength { problems.append(.tooShort) }
        if password.utf8.count > maximumBytes { problems.append(.tooLong) }
        let address = Operator.normalized(email: email)
        if !address.isEmpty, password.lowercased() == address || password.lowercased() == address.split(separator: "@").first.map(String.init) {
            problems.append(.isTheEmail)
        }
        return problems
    }
}
