import BylineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresNewsStore {
    /// How strongly a newer article is lifted: one point per 180 days of age, as on SQLite.
    /// Tied to the publication time rather than to "now", so a result keeps its place between pages.
    static let recencyScale = 180.0 * 86_400_000

    /// Weights of D (body), C (unused), B (tags, people) and A (headline) in `ts_rank`.
    private static let rankWeights = "{0.1, 0.2, 0.4, 1.0}"

    public func search(_ request: SearchRequest, asOf now: Date) async throws -> Page<ArticleSummary> {
        guard !request.query.clauses.isEmpty else { return Page(items: [], next: nil) }
        do {
            // A transaction, so that the time limit is local to this search.
            return try await write { [logger] connection in
                let limit = max(1, Int64(request.timeLimit * 1000))
                try await connection.run("SELECT set_config('statement_timeout', \(String(limit)), true)", logger: logger)
                return try await Self.search(request, asOf: now, connection: connection, logger: logger)
            }
        } catch let error as StorageError where error.detail.hasPrefix("PostgreSQL 57014") {
            // Whatever a reader types, a search cannot hold a database connection for long.
            throw BylineError.invalidInput("검색이 너무 오래 걸려 멈췄습니다. 더 구체적인 낱말로 검색해 주세요.")
        }
    }

    static func search(
        _ request: SearchRequest, asOf now: Date, connection: PostgresConnection, logger: Logger
    ) async throws -> Page<ArticleSummary> {
        // First the page of ids, from the index; then the summaries of that page alone.
        // Relevance ranks by the headline, tags and people (`heading`), then by recency; a match
        // in the body alone only lets an article in. The newest order needs no score at all.
        var query = QueryBuilder("SELECT id, publishedAt, score FROM (SELECT article.id AS id, article.publishedAt AS publishedAt, ")
        switch request.order {
        case .relevance:
            query.append(
                "-10 * ts_rank(?::float4[], articleSearch.heading, ?::tsquery)::float8 - article.publishedAt / ?::float8 AS score",
                rankWeights, SearchIndex.query(request.query), recencyScale)
        case .newest:
            query.append("0::float8 AS score")
        }
        query.append("""
             FROM articleSearch JOIN article ON article.id = articleSearch.articleId
            WHERE articleSearch.document @@ ?::tsquery AND article.status = 'published' AND article.publishedAt <= ?
            """, SearchIndex.query(request.query), now.milliseconds)
        filter(for: request.filters, &query)
        query.append(") AS hit")
        let paging = request.page
        switch request.order {
        case .relevance:
            if let after = paging.after {
                query.append(" WHERE (score, id) > (?, ?)", Double(bitPattern: UInt64(bitPattern: after.key)), after.id)
            }
            query.append(" ORDER BY score, id LIMIT ?", Int64(paging.limit + 1))
        case .newest:
            if let after = paging.after {
                query.append(" WHERE (publishedAt, id) < (?, ?)", after.key, after.id)
            }
            query.append(" ORDER BY publishedAt DESC, id DESC LIMIT ?", Int64(paging.limit + 1))
        }
        let hits = try await connection.rows(query.query, logger: logger).map { try $0.decode((Int64, Int64, Double).self) }
        let ids = hits.map(\.0)
        let byID = Dictionary(uniqueKeysWithValues: try await connection.rows(Prepared.Summaries(ids: ids), logger: logger)
            .map { row in let summary = try SummaryRow(row); return (summary.id, summary) })
        let scores = Dictionary(uniqueKeysWithValues: hits.map { ($0.0, $0.2) })
        return try await page(of: ids.compactMap { byID[$0] }, limit: paging.limit, connection: connection, logger: logger) { row in
            switch request.order {
            case .relevance:
                PageCursor(kind: .score, key: Int64(bitPattern: (scores[row.id] ?? 0).bitPattern), id: row.id)
            case .newest:
                PageCursor(kind: .time, key: row.publishedAt, id: row.id)
            }
        }
    }
}
