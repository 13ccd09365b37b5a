import BylineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresNewsStore {
    public func articles(_ listing: ArticleListing, page: PageRequest, asOf now: Date) async throws -> Page<ArticleSummary> {
        try await articles([ListRequest(listing, page: page)], asOf: now)[0]
    }

    public func articles(_ lists: [ListRequest], asOf now: Date) async throws -> [Page<ArticleSummary>] {
        guard !lists.isEmpty else { return [] }
        return try await read { [logger] connection in
            try await Self.articles(lists, asOf: now, connection: connection, logger: logger)
        }
    }

    public func frontPage(_ lists: [ListRequest], asOf now: Date) async throws -> FrontPageArticles {
        try await read { [logger] connection in
            FrontPageArticles(
                pinned: try await Self.pinnedTopStories(asOf: now, connection: connection, logger: logger),
                lists: try await Self.articles(lists, asOf: now, connection: connection, logger: logger))
        }
    }

    static func articles(
        _ lists: [ListRequest], asOf now: Date, connection: PostgresConnection, logger: Logger
    ) async throws -> [Page<ArticleSummary>] {
        guard !lists.isEmpty else { return [] }
        // Every list in one statement, each a subquery tagged with its place: one round trip
        // for a front page's ten lists, which took ten.
        var query = QueryBuilder("")
        for (index, list) in lists.enumerated() {
            query.append(index == 0 ? "(" : " UNION ALL (")
            query.append("""
                SELECT \(SummaryRow.columns), \(index)::int4 FROM article
                WHERE status = 'published' AND publishedAt <= ?
                """, now.milliseconds)
            Self.filter(for: list.listing, &query)
            if !list.listing.allVersions { query.append(" AND \(Self.newestVersion)", now.milliseconds) }
            if let after = list.page.after {
                query.append(" AND (publishedAt, id) < (?, ?)", after.key, after.id)
            }
            query.append(" ORDER BY publishedAt DESC, id DESC LIMIT ?)", Int64(list.page.limit + 1))
        }
        var rows = Array(repeating: [SummaryRow](), count: lists.count)
        for row in try await connection.rows(query.query, logger: logger) {
            let tagged = try SummaryRow.tagged(row)
            rows[tagged.list].append(tagged.row)
        }
        // UNION ALL keeps each subquery's order in practice, though SQL does not promise it.
        let cuts = zip(lists, rows).map { list, rows in
            list.page.cut(rows.sorted { ($0.publishedAt, $0.id) > ($1.publishedAt, $1.id) }) { row in
                PageCursor(kind: .time, key: row.publishedAt, id: row.id)
            }
        }
        let photos = try await Self.leadPhotos(cuts.flatMap { $0.shown.map(\.id) }, connection: connection, logger: logger)
        return cuts.map { cut in
            Page(items: cut.shown.map { $0.domain(leadPhoto: photos[$0.id]?.domain(photographer: nil)) }, next: cut.next)
        }
    }

    public func summaries(_ ids: [ArticleID], asOf now: Date) async throws -> [ArticleSummary] {
        guard !ids.isEmpty else { return [] }
        return try await read { [logger] connection in
            let rows = try await connection.rows(
                Prepared.PublicSummaries(ids: ids.map(\.rawValue), now: now.milliseconds), logger: logger
            ).map(SummaryRow.init)
            let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
            return try await Self.summaries(ids.compactMap { byID[$0.rawValue] }, connection: connection, logger: logger)
        }
    }

    static func pinnedTopStories(asOf now: Date, connection: PostgresConnection, logger: Logger) async throws -> [ArticleSummary] {
        let rows = try await connection.rows("""
            SELECT \(unescaped: SummaryRow.columns) FROM topStoryPin JOIN article ON article.id = topStoryPin.articleId
            WHERE topStoryPin.until > \(now.milliseconds)
              AND \(publicAsOf: now, in: "article")
            ORDER BY topStoryPin.position, topStoryPin.articleId LIMIT 10
            """, logger: logger).map(SummaryRow.init)
        return try await Self.summaries(rows, connection: connection, logger: logger)
    }

    /// The rule for the site's lists: a version of a story that a newer public version
    /// follows (`StoryChain`) is left out; `?` is the time. For an article in no chain it
    /// is one look-up in `articleChain`'s primary key.
    static let newestVersion = """
        NOT EXISTS (SELECT 1 FROM articleChain AS mine
                    JOIN articleChain AS later ON later.chainId = mine.chainId AND later.position > mine.position
                    JOIN article AS newer ON newer.id = later.articleId
                    WHERE mine.articleId = article.id AND newer.status = 'published' AND newer.publishedAt <= ?)
        """

    /// The rows a listing's conditions read: articles, or search entries, which keep each
    /// article's section and time beside its terms and name it by `articleId`.
    enum ListingRows {
        /// `searchCandidates` are search entries whose time is checked on each row read, never
        /// through the index of public entries by time: intersecting its range, most of an
        /// archive for a filter such as "since last year", costs more than the rows it saves
        /// (5.7 ms for 75,000 ids, against about 1 ms).
        case articles, searchEntries, searchCandidates

        var id: String { self == .articles ? "article.id" : "articleId" }
        var section: String { self == .articles ? "article.sectionId" : "sectionId" }
        var time: String {
            switch self {
            case .articles: "article.publishedAt"
            case .searchEntries: "publishedAt"
            case .searchCandidates: "(publishedAt + 0)"
            }
        }
        var breaking: String { self == .articles ? "article.isBreaking" : "articleId IN (SELECT id FROM article WHERE isBreaking)" }
    }

    /// The conditions a listing adds to "public as of now".
    static func filter(for listing: ArticleListing, on rows: ListingRows = .articles, _ query: inout QueryBuilder) {
        if let sections = listing.sections {
            query.append(" AND \(rows.section) = ANY(?)", sections.map(\.rawValue))
        }
        if let tag = listing.tag {
            query.append("""
                 AND \(rows.id) IN (SELECT articleTag.articleId FROM articleTag
                                   JOIN tag ON tag.id = articleTag.tagId WHERE tag.name = ?)
                """, tag.name)
        }
        if let reporter = listing.reporter {
            query.append(" AND \(rows.id) IN (SELECT articleAuthor.articleId FROM articleAuthor WHERE reporterId = ?)", reporter.rawValue)
        }
        if listing.breakingOnly {
            query.append(" AND \(rows.breaking)")
        }
        if let since = listing.since {
            query.append(" AND \(rows.time) >= ?", since.milliseconds)
        }
        if let until = listing.until {
            query.append(" AND \(rows.time) < ?", until.milliseconds)
        }
    }

    public func popular(_ window: PopularWindow, page: PageRequest, asOf now: Date) async throws -> Page<ArticleSummary> {
        try await read { [logger] connection in
            let fromHour = viewHour(of: now.addingTimeInterval(-window.duration))
            var query = QueryBuilder("""
                SELECT articleViewHour.articleId, SUM(views)::bigint AS total
                FROM articleViewHour
                JOIN article ON article.id = articleViewHour.articleId
                    AND article.status = 'published' AND article.publishedAt <= ?
                WHERE hour >= ?
                GROUP BY articleViewHour.articleId
                """, now.milliseconds, fromHour)
            if let after = page.after {
                query.append(" HAVING (SUM(views)::bigint, articleViewHour.articleId) < (?, ?)", after.key, after.id)
            }
            query.append(" ORDER BY total DESC, articleViewHour.articleId DESC LIMIT ?", Int64(page.limit + 1))
            let ranking = try await connection.rows(query.query, logger: logger).map { try $0.decode((Int64, Int64).self) }
            let ids = ranking.map(\.0)
            let totals = Dictionary(uniqueKeysWithValues: ranking)
            let rows = try await Self.summaryRows(ids, connection: connection, logger: logger)
            return try await Self.page(of: rows, limit: page.limit, connection: connection, logger: logger) {
                PageCursor(kind: .score, key: totals[$0.id] ?? 0, id: $0.id)
            }
        }
    }

    public func articlePage(_ id: ArticleID, asOf now: Date) async throws -> ArticleWithRelated? {
        try await read { [logger, readOnce] connection in
            try await Self.articlePage(id.rawValue, asOf: now.milliseconds, readOnce: readOnce, connection: connection, logger: logger)
        }
    }

    /// The page's kept data when it holds (`ArticlePageData`), else the page read whole,
    /// and kept when it is the page's second read (`ReadOnce`). Keeping is an accelerator:
    /// should it fail, the page read whole is the answer.
    static func articlePage(
        _ id: Int64, asOf now: Int64, readOnce: ReadOnce, connection: PostgresConnection, logger: Logger
    ) async throws -> ArticleWithRelated? {
        do {
            if let kept = try await connection.rows(ArticlePageData.Kept(id: id, now: now), logger: logger).first,
                let page = KeptPage.decode(try kept.decode(ByteBuffer.self)) {
                return page
            }
        } catch where !isConnectionLoss(error) {
            logger.warning("could not read an article page's kept data; reading it whole", metadata: ["error": "\(String(reflecting: error))"])
        }
        guard readOnce.isSecond(id) else {
            let row = try await connection.rows(Prepared.ArticlePage(id: id, now: now), logger: logger).first.map(ArticlePageRow.init)
            return row.flatMap(\.page)
        }
        guard let row = try await connection.rows(ArticlePageData.ReadWhole(id: id, now: now), logger: logger).first,
            let page = try ArticlePageRow(row).page
        else { return nil }
        var cells = ArrayColumns(row, from: ArticlePageRow.columnCount)
        do {
            let (snapshot, validUntil) = (try cells.nextValue(String.self), try cells.nextValue(Int64.self))
            try await ArticlePageData.keep(
                page, readAt: now, snapshot: snapshot, validUntil: validUntil, connection: connection, logger: logger)
        } catch where !isConnectionLoss(error) {
            logger.warning("could not keep an article page's data", metadata: ["error": "\(String(reflecting: error))"])
        }
        return page
    }

    public func related(to article: Article, limit: Int, asOf now: Date) async throws -> [ArticleSummary] {
        try await read { [logger] connection in
            try await Self.related(to: article, limit: limit, asOf: now, connection: connection, logger: logger)
        }
    }

    static func related(
        to article: Article, limit: Int, asOf now: Date, connection: PostgresConnection, logger: Logger
    ) async throws -> [ArticleSummary] {
        let id = article.id.rawValue
        var rows = try await connection.rows(
            Prepared.TagNeighbours(articleID: id, now: now.milliseconds, limit: Int64(limit)), logger: logger
        ).map(SummaryRow.init)
        if rows.count < limit {
            let sameSection = try await connection.rows(
                Prepared.LatestInSection(
                    now: now.milliseconds, sectionID: article.sectionID.rawValue, limit: Int64(limit + rows.count + 1)),
                logger: logger
            ).map(SummaryRow.init)
            rows = RelatedArticles.filled(rows, from: sameSection, excluding: id, limit: limit, id: \.id)
        }
        return try await Self.summaries(rows, connection: connection, logger: logger)
    }

    /// Cuts the extra row fetched to learn whether another page exists, and attaches lead photos.
    static func page(
        of rows: [SummaryRow], limit: Int, connection: PostgresConnection, logger: Logger,
        cursor: (SummaryRow) -> PageCursor
    ) async throws -> Page<ArticleSummary> {
        let (shown, next) = PageRequest(limit: limit).cut(rows, cursor: cursor)
        return Page(items: try await summaries(shown, connection: connection, logger: logger), next: next)
    }

    /// The summary rows of these articles, in the order of `ids`; ids that are not public are left out.
    static func summaryRows(_ ids: [Int64], connection: PostgresConnection, logger: Logger) async throws -> [SummaryRow] {
        let byID = Dictionary(uniqueKeysWithValues: try await connection.rows(Prepared.Summaries(ids: ids), logger: logger)
            .map { row in let summary = try SummaryRow(row); return (summary.id, summary) })
        return ids.compactMap { byID[$0] }
    }

    static func summaries(_ rows: [SummaryRow], connection: PostgresConnection, logger: Logger) async throws -> [ArticleSummary] {
        let photos = try await leadPhotos(rows.map(\.id), connection: connection, logger: logger)
        return rows.map { row in row.domain(leadPhoto: photos[row.id]?.domain(photographer: nil)) }
    }

    /// The first photo of each of these articles, by article.
    static func leadPhotos(_ ids: [Int64], connection: PostgresConnection, logger: Logger) async throws -> [Int64: PhotoRow] {
        guard !ids.isEmpty else { return [:] }
        let photos = try await connection.rows(Prepared.LeadPhotos(articleIDs: ids), logger: logger).map(PhotoRow.init)
        return Dictionary(photos.map { ($0.articleId, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
