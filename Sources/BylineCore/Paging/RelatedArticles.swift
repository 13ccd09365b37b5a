/// How the 관련 기사 box is chosen, whatever stores the articles: those sharing the most
/// tags with the article, newest first among equals; then, to fill the box, the newest of
/// its section.
public enum RelatedArticles {
    /// A public article that shares tags with the one being read.
    public struct Candidate: Hashable, Sendable {
        public let id: Int64
        public let publishedAt: Int64
        public let sharedTags: Int

        public init(id: Int64, publishedAt: Int64, sharedTags: Int) {
            self.id = id
            self.publishedAt = publishedAt
            self.sharedTags = sharedTags
        }
    }

    /// The ids of the best `limit` candidates, best first.
    public static func ranked(_ candidates: [Candidate], limit: Int) -> [Int64] {
        candidates
            .sorted { ($0.sharedTags, $0.publishedAt, $0.id) > ($1.sharedTags, $1.publishedAt, $1.id) }
            .prefix(limit)
            .map(\.id)
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
