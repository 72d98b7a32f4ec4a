import HeraldCore
import HeraldStore

/// Making an operator, the same for the CLI, the setup link and the console's users page: the
/// address, name and password are checked in one pass, then the password is hashed and stored.
public enum OperatorAccounts {
    /// What is wrong with a new operator's details, each problem in `language`, named by its field.
    public static func problems(email: String, name: String, password: String, language: Language) -> [FieldError] {
        var errors: [FieldError] = []
        let address = Operator.normalized(email: email)
        if address.isEmpty || !Validate.emailAddress(address, field: "email").isEmpty || address.count > 320 {
            errors.append(FieldError("email", language.text(.operatorEmailInvalid)))
        }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.count > 100 { errors.append(FieldError("name", language.text(.operatorNameInvalid))) }
        errors += passwordProblems(password, email: address, language: language)
        return errors
    }

    public static func passwordProblems(_ password: String, email: String, field: String = "password", language: Language) -> [FieldError] {
        PasswordRules.problems(password, email: email).map {
            FieldError(field, language.text($0.phrase, ["minimum": String(PasswordRules.minimumLength)]))
        }
    }

    /// Checks and creates an operator; problems are thrown as a `ValidationFailure` in `language`.
    public static func create(
        _ store: Store, email: String, name: String, role: Role, password: String, createdBy: String, language: Language = .en
    ) async throws -> Operator {
        let errors = problems(email: email, name: name, password: password, language: language)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let hash = try await OperatorPassword.hash(password)
        return try await store.createOperator(
            email: email, name: name.trimmingCharacters(in: .whitespacesAndNewlines), role: role, passwordHash: hash, createdBy: createdBy)
    }
}
