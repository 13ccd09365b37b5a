@testable import BylinePostgres
import Testing

@Suite("PostgreSQL: how a relevance search finds its candidates")
struct SearchPathTests {
    // Shares measured on the 100,000-article corpus of scripts/generate-corpus.
    @Test("a common word walks from the newest article; a rarer one, or a common word in one section, reads the index")
    func choice() {
        // 지역: in a third of the articles, so 2,000 matches lie within the newest 6,000.
        #expect(SearchPath.walks(candidates: 2_000, probed: 1_000, wantedInProbe: 350, matchingInProbe: 350, archive: 100_000))
        // 버스: in one in twenty; the walk would read 40,000 documents for the index's 5,000 rows.
        #expect(!SearchPath.walks(candidates: 2_000, probed: 1_000, wantedInProbe: 50, matchingInProbe: 50, archive: 100_000))
        // 주민 in one section: the walk reads 45,000 documents, the index visits all 32,000 rows with the word.
        #expect(!SearchPath.walks(candidates: 2_000, probed: 1_000, wantedInProbe: 44, matchingInProbe: 318, archive: 100_000))
        // Nothing among the newest: only the index can tell.
        #expect(!SearchPath.walks(candidates: 2_000, probed: 1_000, wantedInProbe: 0, matchingInProbe: 0, archive: 100_000))
        // A young archive smaller than the probe.
        #expect(SearchPath.walks(candidates: 3, probed: 25, wantedInProbe: 20, matchingInProbe: 20, archive: 25))
        #expect(!SearchPath.walks(candidates: 3, probed: 25, wantedInProbe: 5, matchingInProbe: 5, archive: 25))
    }
}
