import Foundation
@testable import BylineCore
import Testing

@Suite("Search tokenizer")
struct SearchTokenizerTests {
    @Test("Hangul runs become overlapping bigrams; Latin and digits stay words")
    func terms() {
        #expect(SearchTokenizer.terms("서울시는") == ["서울", "울시", "시는"])
        #expect(SearchTokenizer.terms("서울에서 KBO 5G폰!") == ["서울", "울에", "에서", "kbo", "5g", "폰"])
        #expect(SearchTokenizer.terms("독") == ["독"])
        #expect(SearchTokenizer.terms("東京 タワー") == ["東京", "タワ", "ワー"])
        #expect(SearchTokenizer.terms("\"NEAR(*)\" AND -x ^y:z;") == ["near", "and", "x", "y", "z"])
    }

    @Test("text already in NFC skips normalisation and comes out the same as normalised text")
    func fastPath() {
        for text in ["서울시 KBO 5G “따옴표” 、。", "Crème brûlée 한강", "漢字 서울"] {
            #expect(SearchTokenizer.isSurelyNFC(text))
            #expect(SearchTokenizer.normalize(text) == text.precomposedStringWithCanonicalMapping.lowercased())
        }
        for text in ["서울".decomposedStringWithCanonicalMapping, "e\u{301}", "\u{2126}", "\u{F900}"] {
            #expect(!SearchTokenizer.isSurelyNFC(text), "\(text.unicodeScalars.map(\.value))")
            #expect(SearchTokenizer.normalize(text) == text.precomposedStringWithCanonicalMapping.lowercased())
        }
    }

    @Test("terms lowercase scalar by scalar exactly as normalising the whole text does", arguments: [
        "서울시 KBO 5G폰", "ÀÉÎÕÜ Ǆ ǅ ß ẞ", "İstanbul ΣΟΦΊΑ", "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ", "ÅNGSTRÖM e\u{301}", "東京 タワー ﾀﾜｰ",
        "Ꭰꭰ 𐐀𐐨 Ⅻ ⓐⒶ", "한글\u{1100}\u{1161} 〈책〉",
    ])
    func lowercasing(_ text: String) {
        // Terms of text normalised whole are lowercase already: lowercasing scalar by scalar
        // must give the same, and leave them as they are.
        #expect(SearchTokenizer.terms(text) == SearchTokenizer.terms(SearchTokenizer.normalize(text)))
        #expect(SearchTokenizer.terms(text).allSatisfy { $0 == $0.lowercased() })
    }

    @Test("decomposed Hangul gives the same terms as composed")
    func nfd() {
        #expect(SearchTokenizer.terms("서울".decomposedStringWithCanonicalMapping) == ["서울"])
    }

    @Test("queries parse into AND clauses, phrases and a prefix for a lone syllable")
    func queries() throws {
        let query = try SearchQuery("서울  \"시청 앞\" 독")
        #expect(query.clauses.map(\.terms) == [["서울"], ["시청", "앞"], ["독"]])
        #expect(query.clauses.map(\.isPrefix) == [false, false, true])
    }

    @Test("hostile queries get a clear message, never a crash", arguments: [
        "", "   ", "\"\"", "*", "()", "-", "🙂🙂", "\u{1}\u{2}", String(repeating: "가", count: 201),
        (1...9).map { "낱말\($0)" }.joined(separator: " "),
    ])
    func hostile(_ text: String) {
        #expect(throws: BylineError.self) { try SearchQuery(text) }
    }
}
