import BylineCore
@testable import BylinePostgres
import Testing

@Suite("PostgreSQL: how a relevance search finds its candidates")
struct SearchPathTests {
    /// A probe of the newest 1,000 of `ids` articles, numbered without gaps.
    func probe(
        wanted: Int, visited: Int? = nil, matching: Int? = nil, paired: Int? = nil, probed: Int = 1_000, ids: Int64 = 100_000
    ) -> SearchPath.Probe {
        SearchPath.Probe(
            probed: probed, oldestID: ids - Int64(probed) + 1, newestID: ids, wanted: wanted, visited: visited ?? wanted,
            matching: matching ?? visited ?? wanted, paired: paired)
    }

    // Shares measured on the 100,000-article corpus of scripts/generate-corpus.
    @Test("a common word walks from the newest article")
    func walk() {
        // 지역: in a third of the articles, so 2,000 matches lie within the newest 6,000.
        #expect(SearchPath.choose(candidates: 2_000, probe(wanted: 372)) == .walk)
        // A young archive smaller than the probe, most of it matching.
        #expect(SearchPath.choose(candidates: 3, probe(wanted: 20, probed: 25, ids: 25)) == .walk)
        #expect(SearchPath.choose(candidates: 3, probe(wanted: 5, probed: 25, ids: 25)) != .walk)
    }

    @Test("a rarer word reads the index above the id where its candidates should end, with room to spare")
    func boundedIndex() {
        // k리그: in one article in ten; the walk would test 19,000 documents. Its words always
        // touch, so their pairs would narrow nothing.
        #expect(SearchPath.choose(candidates: 2_000, probe(wanted: 104, paired: 104)) == .index(above: 100_000 - 28_846, pairs: false))
        // 주민 in one section: the section's index leaves only the section's rows to read.
        #expect(SearchPath.choose(candidates: 2_000, probe(wanted: 55, visited: 55, matching: 318))
            == .index(above: 100_000 - 54_545, pairs: false))
        // Ids with gaps (deleted articles): the bound is set in ids, not in articles.
        let sparse = SearchPath.Probe(probed: 1_000, oldestID: 198_001, newestID: 200_000, wanted: 104, visited: 104, matching: 104)
        #expect(SearchPath.choose(candidates: 2_000, sparse) == .index(above: 200_000 - 57_692, pairs: false))
    }

    @Test("a long word asks the index for its first term; a phrase of two short words is asked as it is")
    func leadQuery() throws {
        #expect(SearchIndex.leadQuery(try SearchQuery("자전거")) == "'자전'")
        #expect(SearchIndex.leadQuery(try SearchQuery("전통시장 서울")) == "'전통' & ('서울')")
        #expect(SearchIndex.leadQuery(try SearchQuery("서울 교육")) == nil)
        #expect(SearchIndex.leadQuery(try SearchQuery("\"사업 확대\"")) == nil)
    }

    @Test("a word whose candidates reach the start of the archive, or that the newest articles lack, reads the whole index")
    func wholeIndex() {
        // 청년 in one section: 2,000 candidates lie further back than the archive goes.
        #expect(SearchPath.choose(candidates: 2_000, probe(wanted: 18, visited: 18, matching: 141)) == .index(above: nil, pairs: false))
        // Nothing among the newest: only the index can tell.
        #expect(SearchPath.choose(candidates: 2_000, probe(wanted: 0, matching: 0)) == .index(above: nil, pairs: false))
        #expect(SearchPath.choose(candidates: 2_000, probe(wanted: 0, matching: 300)) == .index(above: nil, pairs: false))
        // A filter the indexes cannot intersect (a tag) leaves every row with the word to read,
        // which costs more than walking.
        #expect(SearchPath.choose(candidates: 2_000, probe(wanted: 60, visited: 318, matching: 318)) == .walk)
    }

    @Test("a phrase of common words that seldom touch reads only the articles with its word pairs")
    func pairs() {
        // "사업 확대": both words in a sixth of the articles, side by side in none.
        #expect(SearchPath.choose(candidates: 2_000, probe(wanted: 0, visited: 160, matching: 160, paired: 0)) == .index(above: nil, pairs: true))
        // "현장 교육": both words in one article in eleven, side by side in one in eighty.
        #expect(SearchPath.choose(candidates: 2_000, probe(wanted: 12, visited: 88, matching: 88, paired: 12)) == .index(above: nil, pairs: true))
        // Without pairs to read (a phrase within one word), the words' postings it is.
        #expect(SearchPath.choose(candidates: 2_000, probe(wanted: 12, visited: 88, matching: 88)) == .index(above: nil, pairs: false))
    }
}
