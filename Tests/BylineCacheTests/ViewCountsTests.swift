import BylineCache
import BylineCore
import Foundation
import Testing

@Suite("View counts")
struct ViewCountsTests {
    let first = ArticleID(rawValue: 1)
    let second = ArticleID(rawValue: 2)

    @Test("counts add up per hour and article")
    func adding() {
        var counts = ViewCounts()
        counts.add(first, hour: 10)
        counts.add(first, hour: 10, count: 4)
        counts.add(first, hour: 11)
        counts.add(second, hour: 10, count: 2)
        #expect(counts.byHour == [10: [first: 5, second: 2], 11: [first: 1]])
        #expect(counts.entries == 3)
        #expect(ViewCounts.hour(of: Date(timeIntervalSince1970: 7_199)) == 1)
        #expect(ViewCounts.hour(of: Date(timeIntervalSince1970: 7_200)) == 2)
    }

    @Test("a full buffer refuses new pairs but keeps counting the ones it holds")
    func bounded() {
        var counts = ViewCounts()
        let added = counts.add(first, hour: 1, limit: 1)
        let refused = !counts.add(second, hour: 1, limit: 1)
        let counted = counts.add(first, hour: 1, count: 2, limit: 1)
        #expect(added && refused && counted)
        #expect(counts.byHour == [1: [first: 3]])

        var other = ViewCounts()
        other.add(first, hour: 1, count: 5)
        other.add(second, hour: 2, count: 7)
        let dropped = counts.merge(other, limit: 1)
        #expect(dropped == 7)
        #expect(counts.byHour == [1: [first: 8]])
    }

    @Test("draining empties the buffer and hands over everything")
    func draining() {
        var counts = ViewCounts()
        counts.add(first, hour: 3, count: 2)
        let taken = counts.drain()
        #expect(counts.isEmpty)
        #expect(counts.entries == 0)
        #expect(taken.byHour == [3: [first: 2]])
    }
}
