/// How the 관련 기사 box is chosen, whatever stores the articles: those sharing the most
/// tags with the article, newest first among equals; then, to fill the box, the newest of
/// its section.
public enum RelatedArticles {
    /// A public article under one of the article's tags: its time and id.
    public struct Neighbour: Sendable, Equatable {
        public let publishedAt: Int64
        public let id: Int64

        public init(publishedAt: Int64, id: Int64) {
            self.publishedAt = publishedAt
            self.id = id
        }
    }

    /// The ids of the best `limit` articles among the newest under each tag (a list per tag,
    /// each newest first, as the stores read them), best first: most tags shared, then the
    /// newer, then the higher id.
    ///
    /// Sorted together, an article's entries from every list stand side by side, and the
    /// runs come in the tie-break order already, so counting each run ranks them: no
    /// dictionary of candidates, whose hashing was a twentieth of an article page.
    public static func ranked(_ perTag: [[Neighbour]], limit: Int) -> [Int64] {
        var all = perTag.flatMap { $0 }
        all.sort { ($0.publishedAt, $0.id) > ($1.publishedAt, $1.id) }
        var byShared = Array(repeating: [Int64](), count: perTag.count + 1)
        var start = 0
        while start < all.count {
            var end = start + 1
            while end < all.count, all[end].id == all[start].id { end += 1 }
            let shared = min(end - start, perTag.count)
            if byShared[shared].count < limit { byShared[shared].append(all[start].id) }
            start = end
        }
        return Array(byShared.reversed().joined().prefix(limit))
    }

    /// `chosen` topped up to `limit` from `sameSection` (newest first), leaving out the
    /// article itself and anything already chosen.
    public static func filled<Row>(
        _ chosen: [Row], from sameSection: [Row], excluding article: Int64, limit: Int, id: (Row) -> Int64
    ) -> [Row] {
        var seen = Set(chosen.map(id))
        seen.insert(article)
        return chosen + sameSection.filter { !seen.contains(id($0)) }.prefix(max(0, limit - chosen.count))
    }
}
