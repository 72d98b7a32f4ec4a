import Foundation

/// Field checks shared by the API, the config file and the command line, so all three refuse the same input.
public enum Validate {
    /// Identifiers chosen by operators: lowercase letters, digits, `-` and `_`, up to 63 characters.
    public static func identifier(_ value: String, field: String) -> [FieldError] {
        let allowed = value.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
        }
        guard !value.isEmpty, value.utf8.count <= 63, allowed, let first = value.utf8.first,
            first != 0x2D, first != 0x5F
        else {
            return [FieldError(field, .problemIdentifier)]
        }
        return []
    }

    /// Human-readable text: not blank, no control characters, at most `maximum` characters.
    public static func text(_ value: String, field: String, maximum: Int, multiline: Bool = false) -> [FieldError] {
        if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return [FieldError(field, .problemEmpty)]
        }
        if value.count > maximum {
            return [FieldError(field, .problemTooLong, values: ["maximum": String(maximum), "count": String(value.count)])]
        }
        let hasControl = value.unicodeScalars.contains { scalar in
            let allowedWhitespace = multiline && (scalar == "\n" || scalar == "\r" || scalar == "\t")
            return !allowedWhitespace && scalar.properties.generalCategory == .control
        }
        if hasControl {
            return [FieldError(field, multiline ? .problemControlCharacters : .problemSingleLine)]
        }
        return []
    }

    /// An absolute http or https address, as people follow runbook and support links.
    public static func webURL(_ value: String, field: String) -> [FieldError] {
        guard value.utf8.count <= 2048,
            let components = URLComponents(string: value),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else {
            return [FieldError(field, .problemWebURL)]
        }
        return []
    }

    /// A display position: a whole number from 0 to 1,000,000.
    public static func position(_ value: Int, field: String) -> [FieldError] {
        (0...1_000_000).contains(value) ? [] : [FieldError(field, .problemPosition)]
    }
}

extension Validate {
    /// An IANA time zone name such as Asia/Shanghai; abbreviations like CST are ambiguous and refused.
    public static func timeZone(_ identifier: String, field: String = "time_zone") -> [FieldError] {
        guard identifier.contains("/") || identifier == "UTC", TimeZone(identifier: identifier) != nil else {
            return [FieldError(field, .problemTimeZone, values: ["zone": identifier])]
        }
        return []
    }
}

extension Validate {
    /// An email address: something@domain.tld, without spaces.
    public static func emailAddress(_ address: String, field: String) -> [FieldError] {
        address.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) == nil
            ? [FieldError(field, .problemEmail)] : []
    }

    /// An E.164 phone number such as +8613800000000.
    public static func phoneNumber(_ address: String, field: String) -> [FieldError] {
        address.range(of: #"^\+[1-9][0-9]{6,14}$"#, options: .regularExpression) == nil
            ? [FieldError(field, .problemE164)] : []
    }
}
