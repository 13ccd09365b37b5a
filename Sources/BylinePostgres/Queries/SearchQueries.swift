import BylineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresNewsStore {
    /// How strongly a newer article is lifted: one point per 180 days of age, as on SQLite.
    /// Tied to the publication time rather than to "now", so a result keeps its place between pages.
    static let recencyScale = 180.0 * 86_400_000

    /// Weights of D (body), C (unused), B (tags, people) and A (headline) in `ts_rank`. It is
    /// computed only where the heading has one of the query's terms: elsewhere it would be 1e-20,
    /// far below a score's precision, so 0 stands in, and it costs nearly 2 µs a call (3.5 ms
    /// over 2,000 candidates, against 0.5 ms for the test).
    private static let rankWeights = "{0.1, 0.2, 0.4, 1.0}"

    public func searchIDs(_ request: SearchRequest, asOf now: Date) async throws -> Page<ArticleID> {
        guard !request.query.clauses.isEmpty else { return Page(items: [], next: nil) }
        // No time at all is refused at once, as SQLite's interrupt does: a one-millisecond
        // statement_timeout, PostgreSQL's least, lets a small search finish anyway.
        guard request.timeLimit > 0 else { throw StorageRefusal.searchTooBroad }
        do {
            // The hits, in order, one past the page to learn whether another follows.
            let (shown, next) = switch request.order {
            case .relevance:
                request.page.cut(try await ranked(request, asOf: now)) { hit in
                    PageCursor(kind: .score, key: Int64(bitPattern: hit.score.bitPattern), id: hit.id)
                }
            case .newest:
                request.page.cut(try await searching(request) { [configuration, logger] connection in
                    try await Self.newest(
                        request, asOf: now, window: Int64(configuration.searchWindow), connection: connection, logger: logger)
                }) { hit in
                    PageCursor(kind: .time, key: hit.publishedAt, id: hit.id)
                }
            }
            return Page(items: shown.map { ArticleID(rawValue: $0.id) }, next: next)
        } catch let error as StorageError where error.detail.hasPrefix("PostgreSQL 57014") {
            // Whatever a reader types, a search cannot hold a database connection for long.
            throw StorageRefusal.searchTooBroad
        }
    }

    /// Runs `body` in a transaction with the search's settings, local to it: the time limit,
    /// and no sequential scans. The planner does not count the cost of decompressing each
    /// article's document for `@@`, so once a word is common it reads every document rather
    /// than the GIN index, which answers without reading any (three times faster at 100,000
    /// articles). `indexScans: false` leaves bitmap scans only: given an id bound, the planner
    /// would rather walk the ids in its range, testing every document, than intersect them
    /// with the word's postings (21 ms against 10 for 교육).
    ///
    /// A reader's search needs no transaction: the connections of `searchClient` and
    /// `walkClient` have its settings already.
    private func searching<T: Sendable>(
        _ request: SearchRequest, indexScans: Bool = true, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        if request.timeLimit == SearchRequest.usualTimeLimit {
            return try await read(on: indexScans ? walkClient : searchClient, body)
        }
        let settings = Self.searchSettings(timeLimit: request.timeLimit, indexScans: indexScans)
        return try await write { [logger] connection in
            let assignments = settings.map { name, value in "set_config('\(name)', '\(value)', true)" }
            try await connection.run(PostgresQuery(unsafeSQL: "SELECT " + assignments.joined(separator: ", ")), logger: logger)
            return try await body(connection)
        }
    }

    /// The settings of a search, by name: its time limit (at least PostgreSQL's least, a
    /// millisecond) and the scans allowed.
    static func searchSettings(timeLimit: TimeInterval, indexScans: Bool) -> [(String, String)] {
        [("statement_timeout", String(max(1, Int64(timeLimit * 1000)))), ("enable_seqscan", "off"),
         ("enable_indexscan", indexScans ? "on" : "off")]
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
    /// back, the range below is read next, sized by the density of the matches read so far,
    /// so the candidates are always exactly the newest matches.
    ///
    /// Reading a bounded range costs a few microseconds a match (a bitmap heap scan reads a
    /// page of wide rows for each), so a range is read as two halves at once, on two pooled
    /// connections: a search otherwise keeps one of the machine's cores busy and the other
    /// idle (도서관: 13 ms for the range, against 6.5 for each half). The candidates come back
    /// as arrays and are scored and ordered here.
    func ranked(_ request: SearchRequest, asOf now: Date) async throws -> [Hit] {
        let candidates = configuration.relevanceCandidates
        let key = SearchProbes.Key(query: request.query, filters: request.filters)
        let path: SearchPath, probe: SearchPath.Probe
        if let kept = probes.probe(for: key, at: now) {
            (path, probe) = kept
        } else {
            (path, probe) = try await read { [logger] connection in
                try await Self.path(request, candidates: candidates, asOf: now, connection: connection, logger: logger)
            }
            probes.keep(path, probe, for: key, at: now)
        }
        let newest = probe.newestID
        if path == .walk {
            return try await walked(request, probe: probe, asOf: now).ranked(after: request.page.after, limit: request.page.limit + 1)
        }
        guard case .index(var bound?, _) = path else {
            return try await matches(request, path: path, above: nil, through: nil, newest: newest, asOf: now)
                .ranked(after: request.page.after, limit: request.page.limit + 1)
        }
        var found = try await matches(request, path: path, above: bound, through: nil, newest: newest, asOf: now)
        // Fewer matches above the bound than candidates: the rest lie further back, about as
        // far as the density just read says.
        var extensions = 0
        while found.count < candidates, bound > 0 {
            extensions += 1
            let next = SearchPath.boundBelow(
                found: found.count, candidates: candidates, readIDs: newest - bound, bound: bound, extensions: extensions)
            let older = try await matches(request, path: path, above: next, through: bound, newest: newest, asOf: now)
            found = found.followed(by: older, limit: candidates)
            bound = next ?? 0
        }
        return found.ranked(after: request.page.after, limit: request.page.limit + 1)
    }

    /// The newest `relevanceCandidates` matches, walking back from the newest article. When
    /// the probe says they span many ids, the walk is two at once (`SearchPath.walkHalves`):
    /// the newer half of that span, read whole, and below it as many matches as the rest of
    /// the candidates should be, with room. When the newer half held fewer than expected and
    /// the older walk stopped at its limit, the rest are walked below where it stopped.
    private func walked(_ request: SearchRequest, probe: SearchPath.Probe, asOf now: Date) async throws -> SearchCandidates {
        let candidates = configuration.relevanceCandidates
        guard let (middle, olderLimit) = SearchPath.walkHalves(candidates: candidates, probe) else {
            return try await matches(request, path: .walk, asOf: now)
        }
        async let olderHalf = matches(request, path: .walk, through: middle, limit: olderLimit, asOf: now)
        let newer = try await matches(request, path: .walk, from: middle + 1, asOf: now)
        let older = try await olderHalf
        var found = newer.followed(by: older, limit: candidates)
        if found.count < candidates, older.count == olderLimit, let lowest = older.ids.min() {
            let rest = try await matches(request, path: .walk, through: lowest - 1, limit: candidates - found.count, asOf: now)
            found = found.followed(by: rest, limit: candidates)
        }
        return found
    }

    /// The newest `relevanceCandidates` matches found by `path`, with ids above `lowest` and
    /// through `highest` (without a bound where nil: the newest range takes in articles
    /// published since the probe). On the index path, a range wider than the candidates is
    /// read as two halves at once.
    private func matches(
        _ request: SearchRequest, path: SearchPath, above lowest: Int64?, through highest: Int64?, newest: Int64, asOf now: Date
    ) async throws -> SearchCandidates {
        let first = lowest.map { $0 + 1 }, candidates = configuration.relevanceCandidates
        let bottom = lowest ?? 0, top = highest ?? newest
        guard path != .walk, top - bottom > Int64(candidates) else {
            return try await matches(request, path: path, from: first, through: highest, asOf: now)
        }
        let middle = bottom + (top - bottom) / 2
        async let lower = matches(request, path: path, from: first, through: middle, asOf: now)
        let upper = try await matches(request, path: path, from: middle + 1, through: highest, asOf: now)
        return upper.followed(by: try await lower, limit: candidates)
    }

    /// The newest `limit` matches (`relevanceCandidates` when nil) found by `path`, with ids
    /// from `from` through `through`.
    private func matches(
        _ request: SearchRequest, path: SearchPath, from: Int64? = nil, through: Int64? = nil, limit: Int? = nil, asOf now: Date
    ) async throws -> SearchCandidates {
        let query = Self.candidatesQuery(
            request, path: path, from: from, through: through, candidates: limit ?? configuration.relevanceCandidates, asOf: now)
        return try await searching(request, indexScans: path == .walk) { [logger] connection in
            guard let row = try await connection.rows(query, logger: logger).first else { return SearchCandidates() }
            var columns = ArrayColumns(row, from: 0)
            return SearchCandidates(
                ids: try columns.next(Int64.self), publishedAt: try columns.next(Int64.self), ranks: try columns.next(Float.self))
        }
    }

    private static func candidatesQuery(
        _ request: SearchRequest, path: SearchPath, from: Int64?, through: Int64?, candidates: Int, asOf now: Date
    ) -> PostgresQuery {
        let tsquery = SearchIndex.query(request.query)
        // The walk's plan rests on the planner's estimate of the rows in time, which an
        // expression of the time (`searchCandidates`) would leave it without.
        let rows: ListingRows = path == .walk ? .searchEntries : .searchCandidates
        // One statement for both paths: on the walk it reads back from the newest article and
        // stops at the limit; on the index path (index scans off) it sorts the range's matches
        // for the newest. A materialized CTE, which this once was, cost 1.4 ms of 8.8 for a
        // range of 2,147 matches: each row copied into it whole, then sorted in full.
        var query = QueryBuilder("""
            SELECT array_agg(articleId), array_agg(publishedAt),
                   array_agg(CASE WHEN heading @@ ?::tsquery THEN ts_rank(?::float4[], heading, ?::tsquery) ELSE 0 END)
            FROM (SELECT articleId, publishedAt, heading FROM articleSearch WHERE
            """, SearchIndex.anyTermQuery(request.query), rankWeights, tsquery)
        if path != .walk, let lead = SearchIndex.leadQuery(request.query) {
            query.append(" document @@ ?::tsquery AND ts_match_vq(document, ?::tsquery)", lead, tsquery)
        } else {
            query.append(" document @@ ?::tsquery", tsquery)
        }
        query.append(" AND isPublished AND \(rows.time) <= ?", now.milliseconds)
        if let from { query.append(" AND articleId >= ?", from) }
        if let through { query.append(" AND articleId <= ?", through) }
        if case .index(_, pairs: true) = path, let pairs = SearchIndex.pairsQuery(request.query) {
            query.append(" AND pairs @@ ?::tsquery", pairs)
        }
        filter(for: request.filters, on: rows, &query)
        query.append(" ORDER BY articleId DESC LIMIT ?) AS candidate", Int64(candidates))
        return query.query
    }

    /// How the candidates are found soonest, judged from the newest 1,000 articles: a
    /// millisecond or two, against tens of milliseconds for the wrong way.
    static func path(
        _ request: SearchRequest, candidates: Int, asOf now: Date, connection: PostgresConnection, logger: Logger
    ) async throws -> (SearchPath, SearchPath.Probe) {
        let tsquery = SearchIndex.query(request.query), terms = SearchIndex.termsQuery(request.query)
        let hasPairs = SearchIndex.pairsQuery(request.query) != nil
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
            let nothing = SearchPath.Probe(probed: 0, oldestID: 0, newestID: 0, wanted: 0, visited: 0, matching: 0)
            return (.index(above: nil, pairs: hasPairs), nothing)
        }
        let (probed, oldest, newest, wanted, visited, matching, paired) =
            try row.decode((Int64, Int64, Int64, Int64, Int64, Int64, Int64).self)
        let found = SearchPath.Probe(
            probed: Int(probed), oldestID: oldest, newestID: newest, wanted: Int(wanted), visited: Int(visited),
            matching: Int(matching), paired: hasPairs ? Int(paired) : nil)
        return (SearchPath.choose(candidates: candidates, found), found)
    }
}
