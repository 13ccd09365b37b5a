import Testing
@testable import BylineCore

@Suite("Related articles and page cutting")
struct RelatedArticlesTests {
    @Test("more shared tags win; among equals the newer, then the higher id")
    func ranking() {
        func neighbours(_ entries: [(Int64, Int64)]) -> [RelatedArticles.Neighbour] {
            entries.map { RelatedArticles.Neighbour(publishedAt: $0.0, id: $0.1) }
        }
        let perTag = [
            neighbours([(500, 1), (400, 4), (400, 3), (100, 2)]),
            neighbours([(300, 5), (100, 2)]),
            neighbours([(100, 2)]),
        ]
        #expect(RelatedArticles.ranked(perTag, limit: 3) == [2, 1, 4])
        #expect(RelatedArticles.ranked(perTag, limit: 10) == [2, 1, 4, 3, 5])
        #expect(RelatedArticles.ranked([neighbours([(9, 7)]), neighbours([(9, 7)]), neighbours([(8, 6)])], limit: 2) == [7, 6])
        #expect(RelatedArticles.ranked([], limit: 3).isEmpty)
        #expect(RelatedArticles.ranked([[], []], limit: 3).isEmpty)
    }

    @Test("the box is topped up from the section without repeats or the article itself")
    func filling() {
        let filled = RelatedArticles.filled([7], from: [9, 7, 5, 4, 3], excluding: 9, limit: 3) { $0 }
        #expect(filled == [7, 5, 4])
        #expect(RelatedArticles.filled([1, 2, 3], from: [4], excluding: 9, limit: 3) { $0 } == [1, 2, 3])
    }

    @Test("a page read one row past its limit is cut there, with a cursor from its last row")
    func cutting() {
        let request = PageRequest(limit: 2)
        let (shown, next) = request.cut([10, 20, 30]) { PageCursor(kind: .time, key: Int64($0), id: Int64($0)) }
        #expect(shown == [10, 20])
        #expect(next == PageCursor(kind: .time, key: 20, id: 20))
        let last = request.cut([10, 20]) { PageCursor(kind: .time, key: Int64($0), id: Int64($0)) }
        #expect(last.shown == [10, 20] && last.next == nil, "no cursor when nothing follows")
    }
}
