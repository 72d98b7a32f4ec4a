import Foundation

/// Times as people and programs give them to Herald: RFC 3339 with an explicit offset, within years
/// Herald can mean. Outside that window a zone's history gives odd offsets (Asia/Shanghai before 1901
/// is +08:05:43), which no RFC 3339 reader takes back.
public enum RFC3339 {
    /// The times Herald accepts: from 2000-01-01 to the end of 2199, UTC.
    public static let window = Date(timeIntervalSince1970: 946_684_800)..<Date(timeIntervalSince1970: 7_258_118_400)

    /// "2026-12-01T02:00:00+08:00", "…Z", with or without fractional seconds; seconds may be left out
    /// ("02:00+08:00"), as people often write. A bare local time is refused.
    public static func parse(_ text: String) -> Date? {
        let pattern = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$"#
        guard text.range(of: pattern, options: .regularExpression) != nil else { return nil }
        var normalized = text
        if let match = normalized.range(of: #"T\d{2}:\d{2}(?=Z|[+-])"#, options: .regularExpression) {
            normalized.insert(contentsOf: ":00", at: match.upperBound)
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = normalized.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter.date(from: normalized)
    }

    /// The time in `text`, or the problem with it, for `field`.
    public static func read(_ text: String, field: String) -> Result<Date, FieldError> {
        guard let date = parse(text) else {
            return .failure(FieldError(field, .problemRFC3339))
        }
        guard window.contains(date) else { return .failure(FieldError(field, .problemYearRange, values: ["text": text])) }
        return .success(date)
    }
}

extension ObjectReader {
    /// A time field (RFC 3339 with its offset, within `RFC3339.window`); a problem is recorded.
    public mutating func time(_ key: String, required: Bool) -> Date? {
        guard let text = required ? requiredString(key) : string(key) else { return nil }
        switch RFC3339.read(text, field: path(key)) {
        case .success(let date): return date
        case .failure(let error):
            add([error])
            return nil
        }
    }
}
