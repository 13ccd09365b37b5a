import BylineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresNewsStore {
    /// How strongly a newer article is lifted: one point per 180 days of age, as on SQLite.
    /// Tied to the publication time rather than to "now", so a result keeps its place between pages.
    static let recencyScale = 180.0 * 86_400_000

    /// Weights of D (body), C (unused), B (tags, people) and A (headline) in `ts_rank`. It is
    /// computed only where the heading has one of the query's terms: elsewhere it is 1e-20, far
    /// below a score's precision, and it costs nearly 2 µs a call (3.5 ms over 2,000
    /// candidates, against 0.5 ms for the test).
    private static let rankWeights = "{0.1, 0.2, 0.4, 1.0}"

    public func search(_ request: SearchRequest, asOf now: Date) async throws -> Page<ArticleSummary> {
        guard !request.query.clauses.isEmpty else { return Page(items: [], next: nil) }
        // No time at all is refused at once, as SQLite's interrupt does: a one-millisecond
        // statement_timeout, PostgreSQL's least, lets a small search finish anyway.
        guard request.timeLimit > 0 else { throw StorageRefusal.searchTooBroad }
        do {
            // A transaction, so that the settings are local to this search.
            return try await write { [logger, configuration] connection in
                let limit = max(1, Int64(request.timeLimit * 1000))
                try await connection.run("SELECT set_config('statement_timeout', \(String(limit)), true)", logger: logger)
                // The planner does not count the cost of decompressing each article's document
                // for `@@`, so once a word is common it reads every document rather than the GIN
                // index, which answers without reading any (three times faster at 100,000 articles).
                try await connection.run("SET LOCAL enable_seqscan = off", logger: logger)
                return try await Self.search(request, asOf: now, configuration: configuration, connection: connection, logger: logger)
            }
        } catch let error as StorageError where error.detail.hasPrefix("PostgreSQL 57014") {
            // Whatever a reader types, a search cannot hold a database connection for long.
            throw StorageRefusal.searchTooBroad
        }
    }

    static func search(
        _ request: SearchRequest, asOf now: Date, configuration: PostgresConfiguration, connection: PostgresConnection,
        logger: Logger
    ) async throws -> Page<ArticleSummary> {
        // First the page of ids, from `articleSearch` alone (it keeps each article's visibility,
        // time and section); then the summaries of that page alone.
        let hits = switch request.order {
        case .relevance:
            try await ranked(request, asOf: now, configuration: configuration, connection: connection, logger: logger)
        case .newest:
            try await newest(
                request, asOf: now, window: Int64(configuration.searchWindow), connection: connection, logger: logger)
        }
        let ids = hits.map(\.id)
        let byID = Dictionary(uniqueKeysWithValues: try await connection.rows(Prepared.Summaries(ids: ids), logger: logger)
            .map { row in let summary = try SummaryRow(row); return (summary.id, summary) })
        let scores = Dictionary(uniqueKeysWithValues: hits.map { ($0.id, $0.score) })
        return try await page(of: ids.compactMap { byID[$0] }, limit: request.page.limit, connection: connection, logger: logger) { row in
            switch request.order {
            case .relevance:
                PageCursor(kind: .score, key: Int64(bitPattern: (scores[row.id] ?? 0).bitPattern), id: row.id)
            case .newest:
                PageCursor(kind: .time, key: row.publishedAt, id: row.id)
            }
        }
    }

    /// One matching article: its id, publication time and relevance score (lower is better).
    struct Hit {
        let id: Int64
        let publishedAt: Int64
        var score = 0.0
    }

    /// Best match first: ranked by the headline, tags and people (`heading`), then by recency;
    /// a match in the body alone only lets an article in.
    ///
    /// As on SQLite, the newest `relevanceCandidates` matches (by id, the order articles
    /// were written in) are ranked, not every match: ranking the 35,000 matches of the
    /// commonest word of a 100,000-article archive took 85 ms, and since the score lifts
    /// newer articles, the best answers are among the newest. How those candidates are found
    /// soonest depends on how common the query is, which the newest articles tell
    /// (`SearchPath`): a common word fills them from a walk back from the newest article,
    /// testing each document, while for a rarer one the GIN index gives the matches without
    /// reading documents, above the id where the candidates should end. When they end further
    /// back, the matches are read again without the bound, so the candidates are always exactly
    /// the newest matches.
    static func ranked(
        _ request: SearchRequest, asOf now: Date, configuration: PostgresConfiguration, connection: PostgresConnection,
        logger: Logger
    ) async throws -> [Hit] {
        let tsquery = SearchIndex.query(request.query), pairs = SearchIndex.pairsQuery(request.query)
        let candidates = configuration.relevanceCandidates
        let path = try await path(
            request, tsquery: tsquery, pairs: pairs, candidates: candidates, asOf: now, connection: connection, logger: logger)
        if path != .walk {
            // Given a bound, the planner would rather walk the ids in its range, testing every
            // document, than intersect them with the word's postings (21 ms against 10 for 교육).
            try await connection.run("SET LOCAL enable_indexscan = off", logger: logger)
        }
        let (hits, found) = try await ranked(
            request, tsquery: tsquery, pairs: pairs, path: path, candidates: candidates, asOf: now, connection: connection,
            logger: logger)
        guard case .index(above: .some, let narrowed) = path, found < candidates else { return hits }
        return try await ranked(
            request, tsquery: tsquery, pairs: pairs, path: .index(above: nil, pairs: narrowed), candidates: candidates,
            asOf: now, connection: connection, logger: logger
        ).hits
    }

    /// One page of the ranked candidates found by `path`, and how many candidates there were
    /// (none when the page is empty).
    private static func ranked(
        _ request: SearchRequest, tsquery: String, pairs: String?, path: SearchPath, candidates: Int, asOf now: Date,
        connection: PostgresConnection, logger: Logger
    ) async throws -> (hits: [Hit], found: Int) {
        // MATERIALIZED keeps the index's answer whole; without it the planner may choose the walk.
        var query = QueryBuilder("""
            WITH matched AS \(path == .walk ? "NOT MATERIALIZED" : "MATERIALIZED") (
                SELECT articleId, publishedAt, heading FROM articleSearch
                WHERE document @@ ?::tsquery AND isPublished AND publishedAt <= ?
            """, tsquery, now.milliseconds)
        if case .index(let above, let narrowed) = path {
            if let above { query.append(" AND articleId > ?", above) }
            if narrowed, let pairs { query.append(" AND pairs @@ ?::tsquery", pairs) }
        }
        filter(for: request.filters, on: .searchEntries, &query)
        query.append("""
            ), candidate AS (SELECT * FROM matched ORDER BY articleId DESC LIMIT ?)
            SELECT articleId, publishedAt, score, found FROM (
                SELECT articleId, publishedAt,
                       -10 * (CASE WHEN heading @@ ?::tsquery THEN ts_rank(?::float4[], heading, ?::tsquery) ELSE 0 END)::float8
                           - publishedAt / ?::float8 AS score,
                       count(*) OVER () AS found
                FROM candidate) AS hit
            """, Int64(candidates), SearchIndex.anyTermQuery(request.query), rankWeights, tsquery, recencyScale)
        if let after = request.page.after {
            query.append(" WHERE (score, articleId) > (?, ?)", Double(bitPattern: UInt64(bitPattern: after.key)), after.id)
        }
        query.append(" ORDER BY score, articleId LIMIT ?", Int64(request.page.limit + 1))
        var found = 0
        let hits = try await connection.rows(query.query, logger: logger).map {
            let (id, publishedAt, score, count) = try $0.decode((Int64, Int64, Double, Int64).self)
            found = Int(count)
            return Hit(id: id, publishedAt: publishedAt, score: score)
        }
        return (hits, found)
    }

    /// How the candidates are found soonest, judged from the newest 1,000 articles: a
    /// millisecond or two, against tens of milliseconds for the wrong way.
    static func path(
        _ request: SearchRequest, tsquery: String, pairs: String?, candidates: Int, asOf now: Date,
        connection: PostgresConnection, logger: Logger
    ) async throws -> SearchPath {
        let terms = SearchIndex.termsQuery(request.query)
        let hasPairs = pairs != nil
        var probe = QueryBuilder("""
            SELECT count(*), coalesce(min(articleId), 0), coalesce(max(articleId), 0),
                count(*) FILTER (WHERE document @@ ?::tsquery AND isPublished AND publishedAt <= ?
            """, tsquery, now.milliseconds)
        filter(for: request.filters, on: .searchEntries, &probe)
        probe.append("), count(*) FILTER (WHERE document @@ ?::tsquery", terms)
        if let sections = request.filters.sections {
            probe.append(" AND sectionId = ANY(?)", sections.map(\.rawValue))
        }
        probe.append("""
            ), count(*) FILTER (WHERE document @@ ?::tsquery), count(*) FILTER (WHERE ? AND document @@ ?::tsquery)
            FROM (
                SELECT articleId, document, isPublished, publishedAt, sectionId FROM articleSearch
                ORDER BY articleId DESC LIMIT 1000) AS articleSearch
            """, terms, hasPairs, tsquery)
        guard let row = try await connection.rows(probe.query, logger: logger).first else {
            return .index(above: nil, pairs: hasPairs)
        }
        let (probed, oldest, newest, wanted, visited, matching, paired) =
            try row.decode((Int64, Int64, Int64, Int64, Int64, Int64, Int64).self)
        return SearchPath.choose(candidates: candidates, SearchPath.Probe(
            probed: Int(probed), oldestID: oldest, newestID: newest, wanted: Int(wanted), visited: Int(visited),
            matching: Int(matching), paired: hasPairs ? Int(paired) : nil))
    }

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
