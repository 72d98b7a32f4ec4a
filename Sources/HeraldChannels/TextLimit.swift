/// Cutting text to a provider's limit without splitting a character, marking where it was cut.
enum TextLimit {
    /// How a provider counts length.
    enum Unit {
        /// UTF-8 bytes (WeCom, ntfy): a Chinese character is three.
        case utf8Bytes
        /// Unicode code points, Go's runes (Mattermost).
        case unicodeScalars

        func count(_ text: some StringProtocol) -> Int {
            switch self {
            case .utf8Bytes: text.utf8.count
            case .unicodeScalars: text.unicodeScalars.count
            }
        }
    }

    /// `text + suffix` when it fits in `limit`; otherwise as much of `text` as fits, then `marker`,
    /// then `suffix`. The suffix (a mention) always survives, and characters are never split.
    static func fitted(_ text: String, suffix: String = "", marker: String = "…", limit: Int, in unit: Unit) -> String {
        guard unit.count(text) + unit.count(suffix) > limit else { return text + suffix }
        let room = limit - unit.count(marker) - unit.count(suffix)
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let size = unit.count(text[index...index])
            if used + size > room { break }
            used += size
            end = text.index(after: index)
        }
        return String(text[..<end]) + marker + suffix
    }
}
