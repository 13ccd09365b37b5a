import BylineCore
import Foundation
import Logging
import PostgresNIO

/// Searches listed newest first, on PostgreSQL; relevance order is in SearchQueries.swift.
extension PostgresNewsStore {
    /// Newest first. A common word fills a page from the newest articles at once, while a
    /// rare one would have them read one by one through the whole archive: so the newest
    /// `window` public articles are read first, and only when they do not fill the page does
    /// the GIN index give the older matches.
    static func newest(
        _ request: SearchRequest, asOf now: Date, window: Int64, connection: PostgresConnection, logger: Logger
    ) async throws -> [Hit] {
        let tsquery = SearchIndex.query(request.query)
        let wanted = Int64(request.page.limit + 1)
        let after = request.page.after.map { ($0.key, $0.id) }

        var recent = QueryBuilder("""
            SELECT articleId, publishedAt FROM (
                SELECT articleId, publishedAt, sectionId, document FROM articleSearch
                WHERE isPublished AND publishedAt <= ?
            """, now.milliseconds)
        if let after { recent.append(" AND (publishedAt, articleId) < (?, ?)", after.0, after.1) }
        recent.append("""
                ORDER BY publishedAt DESC, articleId DESC LIMIT ?) AS recent
            WHERE document @@ ?::tsquery
            """, window, tsquery)
        filter(for: request.filters, on: .searchEntries, &recent)
        recent.append(" ORDER BY publishedAt DESC, articleId DESC LIMIT ?", wanted)
        var hits = try await connection.rows(recent.query, logger: logger).map(Self.hit)
        guard hits.count < wanted else { return hits }

        // Where the window ended; none when it held every public article left.
        var edge = QueryBuilder("SELECT articleId, publishedAt FROM articleSearch WHERE isPublished AND publishedAt <= ?", now.milliseconds)
        if let after { edge.append(" AND (publishedAt, articleId) < (?, ?)", after.0, after.1) }
        edge.append(" ORDER BY publishedAt DESC, articleId DESC OFFSET ? LIMIT 1", window - 1)
        guard let end = try await connection.rows(edge.query, logger: logger).first.map(Self.hit) else { return hits }

        var older = QueryBuilder("""
            WITH matched AS MATERIALIZED (
                SELECT articleId, publishedAt FROM articleSearch
                WHERE document @@ ?::tsquery AND isPublished AND (publishedAt, articleId) < (?, ?)
            """, tsquery, end.publishedAt, end.id)
        // Too few matches among the newest articles to fill a page: the query is rare, so its
        // word pairs narrow the postings to the few articles to read.
        if let pairs = SearchIndex.pairsQuery(request.query) { older.append(" AND pairs @@ ?::tsquery", pairs) }
        filter(for: request.filters, on: .searchEntries, &older)
        older.append("""
            )
            SELECT articleId, publishedAt FROM matched ORDER BY publishedAt DESC, articleId DESC LIMIT ?
            """, wanted - Int64(hits.count))
        hits += try await connection.rows(older.query, logger: logger).map(Self.hit)
        return hits
    }

    private static func hit(_ row: PostgresRow) throws -> Hit {
        let (id, publishedAt) = try row.decode((Int64, Int64).self)
        return Hit(id: id, publishedAt: publishedAt)
    }
}
