import BylineCore
import Testing

@Suite("Ids read from URLs")
struct IdentifierTests {
    @Test("positive decimal numbers are ids")
    func valid() {
        #expect(ArticleID("1")?.rawValue == 1)
        #expect(ArticleID("123456789012345678")?.rawValue == 123_456_789_012_345_678)
        #expect(ReporterID("7")?.rawValue == 7)
    }

    @Test("anything else is not", arguments: [
        "", "0", "-1", "+1", "007", "1e3", "12a", "abc", " 1", "1 ", "١٢", "１２",
        "123456789012345678901234567890", "9999999999999999999", "1.0", "0x1F",
    ])
    func invalid(_ text: String) {
        #expect(ArticleID(text) == nil)
        #expect(ReporterID(text) == nil)
    }
}
