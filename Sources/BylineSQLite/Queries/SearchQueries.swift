import BylineCore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteNewsStore {
    /// How strongly a newer article is lifted: one bm25 point per 180 days of age. Tied to
    /// the publication time rather than to "now", so a result keeps its place between pages.
    static let recencyScale = 180.0 * 86_400_000

    public func search(_ request: SearchRequest, asOf now: Date) async throws -> Page<ArticleSummary> {
        try await read { [relevanceCandidates] db in
            try Self.withTimeLimit(request.timeLimit, db: db) {
                try Self.search(request, candidates: relevanceCandidates, asOf: now, db: db)
            }
        }
    }

    /// Stops a query that runs past `limit` seconds: whatever a reader types, a search
    /// cannot hold a database connection for long.
    static func withTimeLimit<T>(_ limit: TimeInterval, db: Database, _ body: () throws -> T) throws -> T {
        guard let connection = db.sqliteConnection else { return try body() }
        let deadline = UnsafeMutablePointer<Double>.allocate(capacity: 1)
        deadline.pointee = Date().timeIntervalSince1970 + limit
        // SQLite calls back every 100 virtual machine steps; a non-zero answer interrupts the query.
        sqlite3_progress_handler(connection, 100, { context in
            guard let context else { return 0 }
            return Date().timeIntervalSince1970 > context.assumingMemoryBound(to: Double.self).pointee ? 1 : 0
        }, deadline)
        defer {
            sqlite3_progress_handler(connection, 0, nil, nil)
            deadline.deallocate()
        }
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            throw StorageRefusal.searchTooBroad
        }
    }

    static func search(_ request: SearchRequest, candidates: Int, asOf now: Date, db: Database) throws -> Page<ArticleSummary> {
        // First the page of ids, from the index and the narrow covering index only; then
        // the summaries of that page alone.
        let match = SearchIndex.matchExpression(request.query)
        var inner: SQL
        switch request.order {
        case .relevance:
            // bm25 reads every match's positions: for the commonest words of a large archive
            // (tens of thousands of matches) that alone took 60 ms. Relevance ranks the newest
            // `candidates` matches instead (newest by id, the order articles were written in),
            // and since it lifts newer articles too, the best answers are among them.
            inner = """
                SELECT article.id AS id, article.publishedAt AS publishedAt,
                       hits.rank - article.publishedAt / \(Self.recencyScale) AS score
                FROM (SELECT rowid, bm25(articleSearch, 10.0, 1.0, 4.0, 4.0) AS rank FROM articleSearch
                      WHERE articleSearch MATCH \(match) ORDER BY rowid DESC LIMIT \(candidates)) AS hits
                JOIN article INDEXED BY article_search_cover ON article.id = hits.rowid
                WHERE \(publicAsOf: now, in: "article")
                """
        case .newest:
            inner = """
                SELECT article.id AS id, article.publishedAt AS publishedAt, 0.0 AS score
                FROM articleSearch JOIN article INDEXED BY article_search_cover ON article.id = articleSearch.rowid
                WHERE articleSearch MATCH \(match) AND \(publicAsOf: now, in: "article")
                """
        }
        inner += Self.filter(for: request.filters).literal
        let page = request.page
        var sql: SQL = "SELECT id, publishedAt, score FROM (\(inner))"
        switch request.order {
        case .relevance:
            if let after = page.after {
                sql += " WHERE (score, id) > (\(Double(bitPattern: UInt64(bitPattern: after.key))), \(after.id))"
            }
            sql += " ORDER BY score, id LIMIT \(page.limit + 1)"
        case .newest:
            if let after = page.after {
                sql += " WHERE (publishedAt, id) < (\(after.key), \(after.id))"
            }
            sql += " ORDER BY publishedAt DESC, id DESC LIMIT \(page.limit + 1)"
        }
        let hits = try Row.fetchAll(db, SQLRequest<Row>(literal: sql))
        let ids: [Int64] = hits.map { $0["id"] }
        let byID = Dictionary(uniqueKeysWithValues: try SQLRequest<ArticleSummaryRow>(literal: """
            SELECT \(sql: ArticleSummaryRow.columns) FROM \(idTable: ids) CROSS JOIN article ON article.id = wanted.value
            """, cached: true).fetchAll(db).map { ($0.id, $0) })
        let scores = Dictionary(uniqueKeysWithValues: hits.map { ($0["id"] as Int64, $0["score"] as Double) })
        return try Self.page(of: ids.compactMap { byID[$0] }, limit: page.limit, db: db) { row in
            switch request.order {
            case .relevance:
                PageCursor(kind: .score, key: Int64(bitPattern: (scores[row.id] ?? 0).bitPattern), id: row.id)
            case .newest:
                PageCursor(kind: .time, key: row.publishedAt, id: row.id)
            }
        }
    }
}
