import Crypto
import Foundation

/// An email as RFC 5322 and MIME want it: UTF-8 headers as RFC 2047 encoded words, a
/// multipart/alternative body with base64 text and HTML parts, CRLF line ends.
struct MIMEMessage {
    var from: String
    var fromName: String?
    var to: String
    var subject: String
    var text: String
    var html: String?
    var messageID: String
    var date: Date
    var headers: [(String, String)] = []

    func render(boundary: String = "herald-" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20))) -> String {
        var lines: [String] = []
        lines.append("From: " + (fromName.map { "\(Self.encodedWords($0, field: "From")) <\(from)>" } ?? "<\(from)>"))
        lines.append("To: <\(to)>")
        lines.append("Subject: " + Self.encodedWords(subject, field: "Subject"))
        lines.append("Date: " + Self.rfc5322(date))
        lines.append("Message-ID: \(messageID)")
        lines.append("MIME-Version: 1.0")
        for (name, value) in headers { lines.append("\(name): \(value)") }
        if let html {
            lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("--\(boundary)")
            lines += Self.part(text, type: "text/plain")
            lines.append("--\(boundary)")
            lines += Self.part(html, type: "text/html")
            lines.append("--\(boundary)--")
        } else {
            lines += Self.part(text, type: "text/plain")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func part(_ content: String, type: String) -> [String] {
        let normalised = content.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let encoded = Data(normalised.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return ["Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", "", encoded]
    }

    /// ASCII text as it is; anything else as `=?UTF-8?B?…?=` words of at most 75 characters,
    /// split between characters, folded onto continuation lines.
    static func encodedWords(_ value: String, field: String) -> String {
        if value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) && value.utf8.count + field.count < 76 { return value }
        var words: [String] = []
        var chunk = ""
        for character in value {
            // 39 bytes of UTF-8 make 52 characters of base64, 64 with the wrapping: with "Subject: "
            // in front the first line stays within 78.
            if chunk.utf8.count + String(character).utf8.count > 39 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// A Message-ID made from the delivery's idempotency key, so a resent message has the same one.
    static func messageID(idempotencyKey: String, from: String) -> String {
        let local = String(idempotencyKey.unicodeScalars.map { scalar in
            CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII || "-_".unicodeScalars.contains(scalar) ? Character(scalar) : "."
        })
        let domain = from.split(separator: "@").last.map(String.init) ?? "herald.invalid"
        // Long keys are hashed, still stable per key, so the header stays on one short line.
        let id = local.count <= 48 ? local : SHA256.hash(data: Data(idempotencyKey.utf8)).prefix(16).hexadecimal
        return "<\(id)@\(domain)>"
    }
}
