import Foundation
import HeraldChannels
import HeraldCore

/// Contacts read from a CSV file, one per row, each checked exactly as the contacts API checks it.
///
/// The header names the columns: `id`, `name`, `language`, `time_zone`, `groups`, `roles`,
/// `subscriptions`, `quiet_hours`, `consent`, one column per channel (`email`, `sms`, `voice`,
/// `dingtalk`, …), and `phone` for both SMS and voice. Lists are separated by `;` (or `；`).
/// A row without an id gets one derived from its first address, so importing the file again
/// updates the same contacts instead of adding them twice.
public struct ContactImport: Sendable {
    /// A row that became a contact.
    public struct Row: Sendable {
        public var line: Int
        public var contact: Contact
    }

    /// A row that did not, and why.
    public struct Refusal: Sendable, CustomStringConvertible {
        public var line: Int
        public var errors: [FieldError]
        public var description: String { errors.map { "line \(line): \($0.field): \($0.reason)" }.joined(separator: "\n") }
    }

    public var rows: [Row] = []
    public var refused: [Refusal] = []

    static let listColumns: Set = ["groups", "roles", "subscriptions"]
    static let plainColumns: Set = ["id", "name", "language", "time_zone", "quiet_hours", "consent"]
    static var columns: [String] { (plainColumns.union(listColumns).sorted()) + ["phone"] + Channels.catalogue.kinds.map(\.rawValue) }

    /// Reads the whole file; a file whose header is wrong is refused as a whole.
    public static func read(_ text: String, now: Date) throws(ValidationFailure) -> ContactImport {
        let records: [CSV.Record]
        do { records = try CSV.records(text) } catch { throw ValidationFailure([FieldError("file", error.description)]) }
        guard let header = records.first else { throw ValidationFailure([FieldError("file", .problemImportEmpty)]) }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var problems: [FieldError] = []
        let known = columns
        for name in names where !known.contains(name) {
            problems.append(FieldError("header", .problemImportColumn) { ["name": name, "columns": known.joined(separator: $0.listSeparator)] })
        }
        for name in Set(names) where names.filter({ $0 == name }).count > 1 { problems.append(FieldError("header", .problemImportColumnTwice, values: ["name": name])) }
        if !names.contains("name") { problems.append(FieldError("header", .problemImportNameColumn)) }
        guard problems.isEmpty else { throw ValidationFailure(problems) }

        var result = ContactImport()
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                result.refused.append(Refusal(
                    line: record.line, errors: [FieldError("row", .problemImportFieldCount, values: ["count": String(record.fields.count), "expected": String(names.count)])]))
                continue
            }
            let value = object(Dictionary(uniqueKeysWithValues: zip(names, record.fields)))
            do {
                let contact = try ContactBody.contact(value, now: now)
                if let first = seen[contact.id] {
                    result.refused.append(Refusal(line: record.line, errors: [FieldError("id", .problemImportDuplicateID, values: ["id": contact.id, "line": String(first)])]))
                    continue
                }
                seen[contact.id] = record.line
                result.rows.append(Row(line: record.line, contact: contact))
            } catch let failure as ValidationFailure {
                result.refused.append(Refusal(line: record.line, errors: failure.errors))
            } catch {
                result.refused.append(Refusal(line: record.line, errors: [FieldError("row", "\(error)")]))
            }
        }
        return result
    }

    /// The row as the JSON object the contacts API takes; empty cells are left out.
    static func object(_ cells: [String: String]) -> JSONValue {
        var object: [String: JSONValue] = [:]
        var addresses: [String: JSONValue] = [:]
        for (column, raw) in cells {
            let cell = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !cell.isEmpty else { continue }
            if listColumns.contains(column) {
                object[column] = .array(
                    cell.split(whereSeparator: { $0 == ";" || $0 == "；" }).map { .string($0.trimmingCharacters(in: .whitespaces)) })
            } else if plainColumns.contains(column) {
                object[column] = .string(cell)
            } else if column == "phone" {
                for channel in ["sms", "voice"] where (cells[channel] ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                    addresses[channel] = .string(cell)
                }
            } else {
                addresses[column] = .string(cell)
            }
        }
        if !addresses.isEmpty { object["addresses"] = .object(addresses) }
        if object["id"] == nil, let key = derivedIDSource(addresses) { object["id"] = .string(stableID(key)) }
        return .object(object)
    }

    /// The address an id is derived from: the first of email, phone, then any other channel.
    static func derivedIDSource(_ addresses: [String: JSONValue]) -> String? {
        for channel in ["email", "sms", "voice"] + Channels.catalogue.kinds.map(\.rawValue) {
            if case .string(let address)? = addresses[channel] { return "\(channel):\(address.lowercased())" }
        }
        return nil
    }

    /// FNV-1a, 64 bits: stable across runs and machines, unlike Swift's seeded `Hasher`.
    static func stableID(_ key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return "c" + String(hash, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
