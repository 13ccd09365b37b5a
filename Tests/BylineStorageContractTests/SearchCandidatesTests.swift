import BylineCore
@testable import BylinePostgres
import Testing

@Suite("PostgreSQL: a relevance search's candidates, merged and ranked")
struct SearchCandidatesTests {
    func candidates(_ ids: [Int64], ranks: [Float]? = nil) -> SearchCandidates {
        // Published a minute apart, in the order of their ids.
        SearchCandidates(ids: ids, publishedAt: ids.map { 1_700_000_000_000 + $0 * 60_000 }, ranks: ranks ?? ids.map { _ in 0 })
    }

    @Test("the newer half's candidates come first, then the newest of the older half's, to the limit")
    func merge() {
        let upper = candidates([90, 95, 99]), lower = candidates([10, 40, 20, 30])
        #expect(upper.followed(by: lower, limit: 5).ids == [90, 95, 99, 40, 30])
        #expect(upper.followed(by: lower, limit: 3).ids == [90, 95, 99])
        #expect(upper.followed(by: lower, limit: 2).ids.sorted() == [95, 99])
        #expect(SearchCandidates().followed(by: lower, limit: 2).ids == [40, 30])
        // Times and ranks travel with their ids.
        let ranked = candidates([5, 6], ranks: [0.5, 0.25]).followed(by: candidates([1, 2], ranks: [0.1, 0.2]), limit: 3)
        #expect(ranked.ranks == [0.5, 0.25, 0.2])
        #expect(ranked.publishedAt == [5, 6, 2].map { 1_700_000_000_000 + $0 * 60_000 })
    }

    @Test("ranked by heading weight, then recency; a cursor resumes after its place")
    func ranking() {
        let found = candidates([1, 2, 3, 4], ranks: [0, 0.6, 0, 0.6])
        let first = found.ranked(after: nil, limit: 3)
        // A heading match leads; between equal weights the newer; then the newest body matches.
        #expect(first.map(\.id) == [4, 2, 3])
        #expect(first[0].score == -10 * Double(Float(0.6)) - Double(1_700_000_000_000 + 4 * 60_000) / PostgresNewsStore.recencyScale)
        let cursor = PageCursor(kind: .score, key: Int64(bitPattern: first[1].score.bitPattern), id: first[1].id)
        #expect(found.ranked(after: cursor, limit: 3).map(\.id) == [3, 1])
    }
}
