import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    /// How strongly a newer article is lifted: one bm25 point per 180 days of age. Tied to
    /// the publication time rather than to "now", so a result keeps its place between pages.
    static let recencyScale = 180.0 * 86_400_000

    public func search(_ request: SearchRequest, asOf now: Date) async throws -> Page<ArticleSummary> {
        try await read { db in
            let match = SearchIndex.matchExpression(request.query)
            var inner: SQL = """
                SELECT \(sql: ArticleSummaryRow.columns),
                       bm25(articleSearch, 10.0, 1.0, 4.0, 4.0) - article.publishedAt / \(Self.recencyScale) AS score
                FROM articleSearch JOIN article ON article.id = articleSearch.rowid
                WHERE articleSearch MATCH \(match)
                  AND article.status = 'published' AND article.publishedAt <= \(now.milliseconds)
                """
            inner += Self.filter(for: request.filters)
            let page = request.page
            var sql: SQL = "SELECT * FROM (\(inner))"
            switch request.order {
            case .relevance:
                if let after = page.after {
                    let score = Double(bitPattern: UInt64(bitPattern: after.key))
                    sql += " WHERE (score, id) > (\(score), \(after.id))"
                }
                sql += " ORDER BY score, id LIMIT \(page.limit + 1)"
            case .newest:
                if let after = page.after {
                    sql += " WHERE (publishedAt, id) < (\(after.key), \(after.id))"
                }
                sql += " ORDER BY publishedAt DESC, id DESC LIMIT \(page.limit + 1)"
            }
            let rows = try Row.fetchAll(db, SQLRequest<Row>(literal: sql))
            let summaries = try rows.map { try ArticleSummaryRow(row: $0) }
            let scores = Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as Int64, $0["score"] as Double) })
            return try Self.page(of: summaries, limit: page.limit, db: db) { row in
                switch request.order {
                case .relevance:
                    PageCursor(kind: .score, key: Int64(bitPattern: (scores[row.id] ?? 0).bitPattern), id: row.id)
                case .newest:
                    PageCursor(kind: .time, key: row.publishedAt, id: row.id)
                }
            }
        }
    }
}
