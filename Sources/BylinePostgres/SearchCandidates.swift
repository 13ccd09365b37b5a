import BylineCore

/// The candidates of a relevance search, as PostgreSQL returns them: the newest matches,
/// each with its publication time and the weight of its headline, tags and people
/// (`ts_rank` where the heading has a query term, else 0).
struct SearchCandidates: Equatable {
    var ids: [Int64] = []
    var publishedAt: [Int64] = []
    var ranks: [Float] = []

    var count: Int { ids.count }

    /// These, the newer range's candidates, then the newest of `older`'s: `limit` in all.
    func followed(by older: SearchCandidates, limit: Int) -> SearchCandidates {
        var merged = self.newest(limit)
        let room = limit - merged.count
        guard room > 0 else { return merged }
        let rest = older.newest(room)
        merged.ids += rest.ids
        merged.publishedAt += rest.publishedAt
        merged.ranks += rest.ranks
        return merged
    }

    /// The `limit` with the highest ids.
    func newest(_ limit: Int) -> SearchCandidates {
        guard count > limit else { return self }
        let kept = ids.indices.sorted { ids[$0] > ids[$1] }.prefix(limit)
        return SearchCandidates(ids: kept.map { ids[$0] }, publishedAt: kept.map { publishedAt[$0] }, ranks: kept.map { ranks[$0] })
    }

    /// The best `limit` after the cursor's place, best first. A score is the heading's weight
    /// (ten points for a perfect match) plus a point per 180 days of age, lower being better,
    /// in the same floating-point steps as the SQL that once computed it, so that a cursor
    /// handed out before still finds its place.
    func ranked(after cursor: PageCursor?, limit: Int) -> [PostgresNewsStore.Hit] {
        var hits = ids.indices.map { index in
            PostgresNewsStore.Hit(
                id: ids[index], publishedAt: publishedAt[index],
                score: -10 * Double(ranks[index]) - Double(publishedAt[index]) / PostgresNewsStore.recencyScale)
        }
        if let cursor {
            let score = Double(bitPattern: UInt64(bitPattern: cursor.key))
            hits.removeAll { ($0.score, $0.id) <= (score, cursor.id) }
        }
        hits.sort { ($0.score, $0.id) < ($1.score, $1.id) }
        return Array(hits.prefix(limit))
    }
}
