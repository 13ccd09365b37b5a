import BylineCore
import Foundation
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

    @Test("a walk over many ids is two at once: the newer half of the expected span whole, and the rest below with room")
    func walkHalves() throws {
        // 지역: 2,000 candidates expected within the newest 5,377 ids; the older walk reads 1,000
        // with the room of a bound at 372 of 1,000.
        let common = try #require(SearchPath.walkHalves(candidates: 2_000, probe(wanted: 372)))
        #expect(common.middle == 100_000 - 2_688)
        #expect(common.olderLimit == 1_104)
        // Sparse enough that the older walk is asked for every candidate it might hold.
        #expect(try #require(SearchPath.walkHalves(candidates: 2_000, probe(wanted: 16))).olderLimit == 1_500)
        // Candidates within twice as many ids as there are of them: one walk.
        #expect(SearchPath.walkHalves(candidates: 3, probe(wanted: 20, probed: 25, ids: 25)) == nil)
        #expect(SearchPath.walkHalves(candidates: 2_000, probe(wanted: 600)) == nil)
        // Nothing among the newest: no density to split by.
        #expect(SearchPath.walkHalves(candidates: 2_000, probe(wanted: 0)) == nil)
    }

    @Test("a search's probe is kept a minute, for that search and its filters only")
    func keptProbes() throws {
        let probes = SearchProbes(capacity: 2, lifetime: 60)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let harbour = SearchProbes.Key(query: try SearchQuery("항구"), filters: ArticleListing())
        let harbourToday = SearchProbes.Key(query: try SearchQuery("항구"), filters: ArticleListing(since: now))
        probes.keep(.walk, probe(wanted: 372), for: harbour, at: now)
        #expect(probes.probe(for: harbour, at: now.addingTimeInterval(59))?.0 == .walk)
        #expect(probes.probe(for: harbour, at: now.addingTimeInterval(59))?.1.wanted == 372)
        #expect(probes.probe(for: harbourToday, at: now) == nil)
        #expect(probes.probe(for: harbour, at: now.addingTimeInterval(60)) == nil, "a minute old")
        #expect(probes.probe(for: harbour, at: now.addingTimeInterval(-1)) == nil, "made after the time asked about")
        // Full: the kept probes are let go, and the new one kept.
        probes.keep(.walk, probe(wanted: 1), for: harbourToday, at: now)
        probes.keep(.walk, probe(wanted: 2), for: SearchProbes.Key(query: try SearchQuery("등대"), filters: ArticleListing()), at: now)
        #expect(probes.probe(for: harbour, at: now) == nil)
        #expect(probes.probe(for: harbourToday, at: now) == nil)
    }

    @Test("a rarer word reads the index above the id where its candidates should end, with room to spare")
    func boundedIndex() {
        // k리그: in one article in ten; the walk would test 19,000 documents. Its words always
        // touch, so their pairs would narrow nothing.
        #expect(SearchPath.choose(candidates: 2_000, probe(wanted: 104, paired: 104)) == .index(above: 100_000 - 23_002, pairs: false))
        // 주민 in one section: the section's index leaves only the section's rows to read.
        #expect(SearchPath.choose(candidates: 2_000, probe(wanted: 55, visited: 55, matching: 318))
            == .index(above: 100_000 - 46_170, pairs: false))
        // Ids with gaps (deleted articles): the bound is set in ids, not in articles.
        let sparse = SearchPath.Probe(probed: 1_000, oldestID: 198_001, newestID: 200_000, wanted: 104, visited: 104, matching: 104)
        #expect(SearchPath.choose(candidates: 2_000, sparse) == .index(above: 200_000 - 46_004, pairs: false))
    }

    @Test("the bound leaves room for the density the newest articles show to be off by two standard errors")
    func margin() {
        // 104 of 1,000: a standard error of about a tenth, so the bound is set a fifth further back.
        #expect(abs(SearchPath.margin(wanted: 104) - 1.196) < 0.001)
        #expect(SearchPath.margin(wanted: 400) == 1.1)
        // Few matches tell little: at most half again.
        #expect(SearchPath.margin(wanted: 4) == 1.5)
        #expect(SearchPath.margin(wanted: 0) == 1.5)
    }

    @Test("a range that held too few candidates is followed by one sized by the density it showed")
    func boundBelow() {
        // 36 ids down to 28 held 2 of 3: the third lies about 18 ids further back, 23 with room.
        #expect(SearchPath.boundBelow(found: 2, candidates: 3, readIDs: 36, bound: 28, extensions: 1) == 5)
        // 1,500 of 2,000 in 30,000 ids: 500 more in about 10,000, 12,500 with room.
        #expect(SearchPath.boundBelow(found: 1_500, candidates: 2_000, readIDs: 30_000, bound: 70_000, extensions: 1) == 57_500)
        // Past the start of the archive, after a range with none, or after a second shortfall: the rest.
        #expect(SearchPath.boundBelow(found: 2, candidates: 3, readIDs: 30, bound: 10, extensions: 1) == nil)
        #expect(SearchPath.boundBelow(found: 0, candidates: 3, readIDs: 36, bound: 28, extensions: 1) == nil)
        #expect(SearchPath.boundBelow(found: 2, candidates: 3, readIDs: 36, bound: 28, extensions: 2) == nil)
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
