/// Comma-separated values as RFC 4180 writes them, with the line each record starts on.
public enum CSV {
    /// One record and the 1-based line of the file it starts on.
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    /// A quote that is never closed.
    public struct Unterminated: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public init(line: Int) { self.line = line }
        public var description: String { "line \(line): a quoted field is never closed" }
    }

    /// Splits `text` into records. Quoted fields may hold commas, newlines and doubled quotes; a
    /// leading byte-order mark (which Excel writes) is dropped, and CRLF and LF both end a record.
    /// Blank lines are skipped.
    public static func records(_ text: String) throws(Unterminated) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = ""
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                switch scalar {
                case "\"":
                    let next = iterator.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else {
                        quoted = false
                        pending = next
                    }
                case "\n":
                    line += 1
                    field.unicodeScalars.append(scalar)
                default:
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                quoted = true
            case ",":
                fields.append(field)
                field = ""
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if quoted { throw Unterminated(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}

extension CSV {
    /// One record of RFC 4180 CSV: a field with a comma, quote or line break is quoted, its quotes
    /// doubled; a field starting with = + - @ gets a leading apostrophe, so that a spreadsheet opening
    /// the file never runs what a source wrote as a formula.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            var text = field
            if let first = text.first, "=+-@".contains(first), Double(text) == nil { text = "'" + text }
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}
