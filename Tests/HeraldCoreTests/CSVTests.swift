import HeraldCore
import Testing

@Suite struct CSVTests {
    @Test func quotedFieldsKeepCommasQuotesAndNewlinesAndLinesAreCounted() throws {
        let text = "\u{FEFF}id,name,note\r\nli,\"李, 雷\",\"says \"\"hi\"\"\"\r\n\r\nwang,王芳,\"two\nlines\"\nzhao,赵磊,"
        let records = try CSV.records(text)
        #expect(records == [
            .init(line: 1, fields: ["id", "name", "note"]),
            .init(line: 2, fields: ["li", "李, 雷", "says \"hi\""]),
            .init(line: 4, fields: ["wang", "王芳", "two\nlines"]),
            .init(line: 6, fields: ["zhao", "赵磊", ""]),
        ])
    }

    @Test func anUnclosedQuoteNamesTheLineItStartsOn() {
        #expect(throws: CSV.Unterminated(line: 2)) { try CSV.records("a,b\n\"open,c\nmore") }
    }
}
