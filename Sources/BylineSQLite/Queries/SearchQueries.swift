import BylineCore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteNewsStore {
    /// How strongly a newer article is lifted: one bm25 point per 180 days of age. Tied to
    /// the publication time rather than to "now", so a result keeps its place between pages.
    static let recencyScale = 180.0 * 86_400_000

    public func searchIDs(_ request: SearchRequest, asOf now: Date) async throws -> Page<ArticleID> {
        try await read { [relevanceCandidates, newestWalk] db in
            try Self.withTimeLimit(request.timeLimit, db: db) {
                try Self.search(request, candidates: relevanceCandidates, walk: newestWalk, asOf: now, db: db)
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

    /// The page of ids, from the index and the narrow covering index only.
    static func search(_ request: SearchRequest, candidates: Int, walk: Int, asOf now: Date, db: Database) throws -> Page<ArticleID> {
        if request.order == .newest, request.query.isBroadPrefix,
           let found = try newestByWalking(request, walk: walk, asOf: now, db: db) {
            let (shown, next) = request.page.cut(found) { PageCursor(kind: .time, key: $0.publishedAt, id: $0.id) }
            return Page(items: shown.map { ArticleID(rawValue: $0.id) }, next: next)
        }
        let match = SearchIndex.matchExpression(request.query)
        var inner: SQL
        switch request.order {
        case .relevance:
            // bm25 reads every match's positions: for the commonest words of a large archive
            // (tens of thousands of matches) that alone took 60 ms. Relevance ranks the newest
            // `candidates` matches instead (newest by id, the order articles were written in),
            // and since it lifts newer articles too, the best answers are among them. They are
            // the newest matches within the filters: the index is read newest first, each match
            // checked against the filters, until there are enough (bm25 is computed for those
            // only). Filtered afterwards, a search of a section or of last year for a common
            // word would rank the few of the newest matches that happen to qualify, or none.
            inner = """
                SELECT article.id AS id, article.publishedAt AS publishedAt,
                       bm25(articleSearch, 10.0, 1.0, 4.0, 4.0) - article.publishedAt / \(Self.recencyScale) AS score
                FROM articleSearch JOIN article INDEXED BY article_search_cover ON article.id = articleSearch.rowid
                WHERE articleSearch MATCH \(match) AND \(publicAsOf: now, in: "article")
                """
            inner += Self.filter(for: request.filters).literal
            inner += " ORDER BY articleSearch.rowid DESC LIMIT \(candidates)"
        case .newest:
            inner = """
                SELECT article.id AS id, article.publishedAt AS publishedAt, 0.0 AS score
                FROM articleSearch JOIN article INDEXED BY article_search_cover ON article.id = articleSearch.rowid
                WHERE articleSearch MATCH \(match) AND \(publicAsOf: now, in: "article")
                """
            inner += Self.filter(for: request.filters).literal
        }
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
        let (shown, next) = page.cut(hits) { row in
            switch request.order {
            case .relevance: PageCursor(kind: .score, key: Int64(bitPattern: (row["score"] as Double).bitPattern), id: row["id"])
            case .newest: PageCursor(kind: .time, key: row["publishedAt"], id: row["id"])
            }
        }
        return Page(items: shown.map { ArticleID(rawValue: $0["id"]) }, next: next)
    }

    /// Lone syllables (서, 지: `isBroadPrefix`), newest first: the newest public articles
    /// (within the filters, after the page's cursor) are tested one by one, in time order,
    /// until a page and one more are found. Such a query matches most of an archive, which the
    /// full match below reads and sorts whole (55-85 ms on 100,000 articles), while the first
    /// few dozen articles hold a page. An article is tested on the terms the index keeps of it
    /// (`termsStartingWith`), since asking the index itself expands the prefix to every term
    /// it begins, on every ask. `nil` when `walk` articles hold too few matches: the full
    /// match then answers, quickly for a rare syllable. Exact either way, since the walk goes
    /// in the result's own order.
    static func newestByWalking(
        _ request: SearchRequest, walk: Int, asOf now: Date, db: Database
    ) throws -> [(id: Int64, publishedAt: Int64)]? {
        var text = StatementText("SELECT id, publishedAt FROM article WHERE \(publicAsOfSQL())", [now.milliseconds])
        text.append(Self.filter(for: request.filters))
        if let after = request.page.after {
            text.append(" AND (publishedAt, id) < (?, ?)", [after.key, after.id])
        }
        text.append(" ORDER BY publishedAt DESC, id DESC LIMIT ?", [walk])
        let recent = try Row.fetchAll(db.prepared(text)).map { (id: $0[0] as Int64, publishedAt: $0[1] as Int64) }
        var test = StatementText(termsStartingWith)
        for clause in request.query.clauses {
            test.append(" AND instr(terms, ?) > 0", [" " + clause.terms[0]])
        }
        let wanted = request.page.limit + 1
        var found: [(id: Int64, publishedAt: Int64)] = []
        for article in recent where try Int64.fetchOne(db.prepared(test.sql, [article.id] + test.arguments)) != nil {
            found.append(article)
            if found.count == wanted { return found }
        }
        // Fewer than `walk` candidates means the walk saw them all.
        return recent.count < walk ? found : nil
    }

    /// One article's indexed terms, space-separated and led by a space, so that `instr` of
    /// " 지" finds a term that starts with 지: what the index's `"지"*` matches.
    static let termsStartingWith = """
        SELECT 1 FROM (SELECT ' ' || headline || ' ' || body || ' ' || tags || ' ' || people AS terms
                       FROM articleSearch WHERE rowid = ?) WHERE 1
        """
}
