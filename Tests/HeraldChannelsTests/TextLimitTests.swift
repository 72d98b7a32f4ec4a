@testable import HeraldChannels
import Testing

/// Providers count in bytes or in code points; a cut never splits a character and keeps the suffix.
@Suite struct TextLimitTests {
    @Test func textThatFitsIsLeftAlone() {
        #expect(TextLimit.fitted("维护", suffix: "@li", limit: 9, in: .utf8Bytes) == "维护@li")
    }

    @Test func bytesCutAtACharacterBoundaryAndKeepTheSuffix() {
        // 维护通知 is 12 bytes; "…" is 3 and "@li" 3, so 10 leaves room for one character (3 bytes) only.
        let cut = TextLimit.fitted("维护通知", suffix: "@li", limit: 10, in: .utf8Bytes)
        #expect(cut == "维…@li")
        #expect(cut.utf8.count <= 10)
    }

    @Test func codePointsCountAChineseCharacterOnceAndAnEmojiByItsScalars() {
        #expect(TextLimit.fitted("维护通知", limit: 4, in: .unicodeScalars) == "维护通知")
        #expect(TextLimit.fitted("维护通知", limit: 3, in: .unicodeScalars) == "维护…")
        // 👍🏽 is one character of two scalars: it goes whole or not at all.
        #expect(TextLimit.fitted("ab👍🏽", limit: 4, in: .unicodeScalars) == "ab👍🏽")
        #expect(TextLimit.fitted("ab👍🏽c", limit: 4, in: .unicodeScalars) == "ab…")
    }
}
