import BylineCore
import Testing
@testable import BylinePostgres

@Suite("PostgreSQL search entries")
struct SearchEntryTests {
    /// The entry as it was written term by term with Strings, before it was written as bytes.
    func reference(_ fields: [(text: String, weight: Character)]) -> SearchIndex.Entry {
        func escaped(_ term: String) -> String {
            term.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''")
        }
        var entries: [String] = [], pairs: [String] = []
        var pairBytes = 0, position = 1
        for (text, weight) in fields {
            var last: String?
            for run in SearchTokenizer.runs(text) {
                let terms = run.terms.map { $0.utf8.count <= SearchIndex.maxLexemeBytes ? escaped($0) : nil }
                if let last, let first = terms.first ?? nil, last.utf8.count + 1 + first.utf8.count <= SearchIndex.maxLexemeBytes {
                    pairs.append("'\(last) \(first)'")
                    pairBytes += last.utf8.count + first.utf8.count + 8
                }
                for term in terms {
                    if let term { entries.append("'\(term)':\(min(position, 16_383))\(weight)") }
                    position += 1
                }
                last = terms.last ?? nil
            }
            position += 10
        }
        let pairsText = pairBytes > SearchIndex.maxPairsBytes ? "'\(SearchIndex.allPairs)'" : pairs.joined(separator: " ")
        return SearchIndex.Entry(document: entries.joined(separator: " "), pairs: pairsText)
    }

    @Test("the same terms, positions, weights and pairs as written term by term")
    func sameAsTermByTerm() {
        let long = String(repeating: "가나", count: 1_100)
        let word = String(repeating: "a", count: 2_100)
        let texts: [[(text: String, weight: Character)]] = [
            [("시민 예산 확대", "A"), ("기후 서울", "B"), ("홍길동", "B"), ("예산을 확대한다. Seoul's 2026 BUDGET—ÉTÉ café\n둘째 문단", "D")],
            [("", "A"), ("한", "B"), ("a b", "B"), ("\(long) 끝 \(word) 다음", "D")],
            [("自転車 じてんしゃ 자전거", "A")],
        ]
        for fields in texts {
            let entry = SearchIndex.entry(fields)
            let expected = reference(fields)
            #expect(entry.document == expected.document)
            #expect(entry.pairs == expected.pairs)
        }
        #expect(SearchIndex.entry([("예산을 확대", "A")]).document == "'예산':1A '산을':2A '확대':3A")
        #expect(SearchIndex.entry([("예산을 확대", "A")]).pairs == "'산을 확대'")
    }
}
