/// How a channel's addresses are checked, so the API, the CSV import and the config file refuse the same ones.
public struct AddressFormat: Sendable {
    private let check: @Sendable (_ address: String, _ field: String) -> [FieldError]

    /// A format of the channel's own; `check` returns the problems with `address`, naming `field`.
    public init(_ check: @escaping @Sendable (_ address: String, _ field: String) -> [FieldError]) {
        self.check = check
    }

    public func problems(_ address: String, field: String) -> [FieldError] { check(address, field) }

    public static let emailAddress = AddressFormat { Validate.emailAddress($0, field: $1) }
    public static let phoneNumber = AddressFormat { Validate.phoneNumber($0, field: $1) }
    /// Webhook-style channels whose address is where to post.
    public static let webURL = AddressFormat { Validate.webURL($0, field: $1) }

    /// An id the provider assigns (a user id, an open_id): one line of text.
    public static func text(maximum: Int) -> AddressFormat {
        AddressFormat { Validate.text($0, field: $1, maximum: maximum) }
    }

    /// Addresses matching a regular expression (anchor it); `explanation` finishes "must be …".
    public static func matching(_ pattern: String, _ explanation: String) -> AddressFormat {
        AddressFormat { address, field in
            address.range(of: pattern, options: .regularExpression) == nil ? [FieldError(field, "must be \(explanation)")] : []
        }
    }
}
