import BylineCore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteNewsStore {
    public func articles(_ listing: ArticleListing, page: PageRequest, asOf now: Date) async throws -> Page<ArticleSummary> {
        try await articles([ListRequest(listing, page: page)], asOf: now)[0]
    }

    public func articles(_ lists: [ListRequest], asOf now: Date) async throws -> [Page<ArticleSummary>] {
        try await read { db in try Self.articles(lists, asOf: now, db: db) }
    }

    public func frontPage(_ lists: [ListRequest], asOf now: Date) async throws -> FrontPageArticles {
        try await read { db in
            FrontPageArticles(pinned: try Self.pinnedTopStories(asOf: now, db: db), lists: try Self.articles(lists, asOf: now, db: db))
        }
    }

    static func articles(_ lists: [ListRequest], asOf now: Date, db: Database) throws -> [Page<ArticleSummary>] {
        // Lists over several sections (a front page's blocks, a section with its
        // subsections) are read together: the newest ids of every section range of every
        // such list, then all their summaries in one statement. A statement per list was
        // 45 statements on the front page, and GRDB's work per statement cost more than
        // SQLite's reading.
        // Every list's ids first, then every summary with its lead photo in one statement.
        let newest = try Self.newestInSections(lists, asOf: now, db: db)
        let listIDs = try lists.enumerated().map { index, list in
            try newest[index] ?? Self.ids(list.listing, page: list.page, asOf: now, db: db)
        }
        let byID = try Self.summaryRowsWithLeadPhoto(Array(Set(listIDs.joined())), db: db)
        return zip(lists, listIDs).map { list, ids in
            let (shown, next) = list.page.cut(ids.compactMap { byID[$0] }) { entry in
                PageCursor(kind: .time, key: entry.row.publishedAt, id: entry.row.id)
            }
            return Page(items: shown.map { $0.row.domain(leadPhoto: $0.lead) }, next: next)
        }
    }

    /// A list's ids, newest first, one more than the page shows to learn whether another page exists.
    static func ids(_ listing: ArticleListing, page: PageRequest, asOf now: Date, db: Database) throws -> [Int64] {
        var text = StatementText("SELECT id FROM article WHERE \(publicAsOfSQL())", [now.milliseconds])
        text.append(Self.filter(for: listing, asOf: now))
        if let after = page.after {
            text.append(" AND (publishedAt, id) < (?, ?)", [after.key, after.id])
        }
        text.append(" ORDER BY publishedAt DESC, id DESC LIMIT ?", [page.limit + 1])
        return try Int64.fetchAll(db.prepared(text))
    }

    /// The sections of a list read range by range: several, with no other condition than time.
    static func sectionRanges(_ listing: ArticleListing) -> [SectionID]? {
        guard let sections = listing.sections, sections.count > 1, listing.tag == nil, listing.reporter == nil,
              !listing.breakingOnly
        else { return nil }
        return sections
    }

    /// For each list over several sections, by its index: the ids of its newest entries (one
    /// more than its page), newest first. Each section's entries come from its own range of
    /// `article_public_by_section`, which holds the time and id, and are merged here; with
    /// `sectionId IN (...)` SQLite read every public article of those sections into a sorter.
    /// Every range is the same prepared statement (`newestInSectionRange`), stepped by hand:
    /// the front page reads two dozen ranges, and a compound statement built as an SQL
    /// literal on every request cost more than SQLite's reading of them.
    static func newestInSections(_ lists: [ListRequest], asOf now: Date, db: Database) throws -> [Int: [Int64]] {
        var newest: [Int: [Int64]] = [:]
        for (index, list) in lists.enumerated() {
            guard let sections = sectionRanges(list.listing) else { continue }
            // Every condition as a bound, so that one text serves all: `since` from below;
            // `until` and the page's cursor from above, as the lesser of the two.
            let since = list.listing.since?.milliseconds ?? .min
            var below = (key: Int64.max, id: Int64.max)
            if let until = list.listing.until?.milliseconds { below = (until, .min) }
            if let after = list.page.after, (after.key, after.id) < below { below = (after.key, after.id) }
            let limit = list.page.limit + 1
            var entries: [(publishedAt: Int64, id: Int64)] = []
            entries.reserveCapacity(sections.count * limit)
            for section in sections {
                let statement = list.listing.allVersions
                    ? try db.prepared(Self.newestInSectionRange, [now.milliseconds, section.rawValue, since, below.key, below.id, limit])
                    : try db.prepared(
                        Self.newestVersionsInSectionRange,
                        [now.milliseconds, section.rawValue, since, below.key, below.id, now.milliseconds, limit])
                try statement.forEachRow { row in
                        entries.append((try row[0], try row[1]))
                    }
            }
            entries.sort { ($0.publishedAt, $0.id) > ($1.publishedAt, $1.id) }
            newest[index] = entries.prefix(limit).map(\.id)
        }
        return newest
    }

    public func summaries(_ ids: [ArticleID], asOf now: Date) async throws -> [ArticleSummary] {
        guard !ids.isEmpty else { return [] }
        return try await read { db in
            let byID = try Self.summaries(ids.map(\.rawValue), publicAsOf: now, db: db)
            return ids.compactMap { byID[$0.rawValue] }
        }
    }

    static func pinnedTopStories(asOf now: Date, db: Database) throws -> [ArticleSummary] {
        // CROSS JOIN keeps the few pins as the outer loop: with a plain JOIN, SQLite walked
        // every public article looking for a pin (20 ms of every home page on 100,000 articles).
        let ids = try Int64.fetchAll(db.prepared("""
            SELECT article.id FROM topStoryPin CROSS JOIN article ON article.id = topStoryPin.articleId
            WHERE topStoryPin.until > ? AND \(publicAsOfSQL(in: "article"))
            ORDER BY topStoryPin.position, topStoryPin.articleId LIMIT 10
            """, [now.milliseconds, now.milliseconds]))
        let byID = try Self.summaries(ids, db: db)
        return ids.compactMap { byID[$0] }
    }

    /// The conditions a listing adds to "public as of now".
    static func filter(for listing: ArticleListing) -> StatementText {
        var text = StatementText()
        if let sections = listing.sections {
            text.append(" AND article.sectionId IN ")
            text.appendList(sections.map(\.rawValue))
        }
        if let tag = listing.tag {
            text.append("""
                 AND article.id IN (SELECT articleTag.articleId FROM articleTag
                                    JOIN tag ON tag.id = articleTag.tagId WHERE tag.name = ?)
                """, [tag.name])
        }
        if let reporter = listing.reporter {
            text.append(" AND article.id IN (SELECT articleId FROM articleAuthor WHERE reporterId = ?)", [reporter.rawValue])
        }
        if listing.breakingOnly {
            text.append(" AND article.isBreaking")
        }
        if let since = listing.since {
            text.append(" AND article.publishedAt >= ?", [since.milliseconds])
        }
        if let until = listing.until {
            text.append(" AND article.publishedAt < ?", [until.milliseconds])
        }
        return text
    }

    /// A listing's conditions, the newest-version rule included unless it takes every version.
    static func filter(for listing: ArticleListing, asOf now: Date) -> StatementText {
        var text = filter(for: listing)
        if !listing.allVersions { text.append(" AND \(newestVersionSQL())", [now.milliseconds]) }
        return text
    }

    public func popular(_ window: PopularWindow, page: PageRequest, asOf now: Date) async throws -> Page<ArticleSummary> {
        try await read { db in
            let fromHour = viewHour(of: now.addingTimeInterval(-window.duration))
            var sql: SQL = """
                SELECT articleViewHour.articleId AS id, SUM(views) AS total
                FROM articleViewHour
                JOIN article ON article.id = articleViewHour.articleId
                    AND \(publicAsOf: now, in: "article")
                WHERE hour >= \(fromHour)
                GROUP BY articleViewHour.articleId
                """
            if let after = page.after {
                sql += " HAVING (total, articleViewHour.articleId) < (\(after.key), \(after.id))"
            }
            sql += " ORDER BY total DESC, articleViewHour.articleId DESC LIMIT \(page.limit + 1)"
            let ranking = try Row.fetchAll(db, SQLRequest<Row>(literal: sql, cached: true))
            let ids: [Int64] = ranking.map { $0["id"] }
            let totals = Dictionary(uniqueKeysWithValues: ranking.map { ($0["id"] as Int64, $0["total"] as Int64) })
            return try Self.page(of: ids, limit: page.limit, db: db) { row in
                PageCursor(kind: .score, key: totals[row.id] ?? 0, id: row.id)
            }
        }
    }

    public func articlePage(_ id: ArticleID, asOf now: Date) async throws -> ArticleWithRelated? {
        try await read { db in
            guard let article = try Self.fullArticles([id.rawValue], asOf: now, db: db).first else { return nil }
            let related = try Self.related(to: article, limit: ArticleWithRelated.relatedCount, asOf: now, db: db)
            // Most articles have neither: learning it here spares the page two reads.
            var (isChained, hasLiveCoverage) = (false, false)
            try db.prepared(Self.chainAndLiveCoverage, [id.rawValue, id.rawValue]).forEachRow { row in
                (isChained, hasLiveCoverage) = (try row[0], try row[1])
            }
            return ArticleWithRelated(article: article, related: related, isChained: isChained, hasLiveCoverage: hasLiveCoverage)
        }
    }

    static let chainAndLiveCoverage = """
        SELECT EXISTS (SELECT 1 FROM articleChain WHERE articleId = ?), EXISTS (SELECT 1 FROM liveCoverage WHERE articleId = ?)
        """

    public func related(to article: Article, limit: Int, asOf now: Date) async throws -> [ArticleSummary] {
        try await read { db in try Self.related(to: article, limit: limit, asOf: now, db: db) }
    }

    static func related(to article: Article, limit: Int, asOf now: Date, db: Database) throws -> [ArticleSummary] {
        let id = article.id.rawValue
        // Candidates are the newest public articles of each tag, read from one index range per
        // tag (`articleTag_public`), so a tag shared by thousands of articles costs 100 entries.
        let tagIDs = try Int64.fetchAll(db.prepared("SELECT tagId FROM articleTag WHERE articleId = ?", [id]))
        let perTag = try tagIDs.map { tagID in
            var neighbours: [RelatedArticles.Neighbour] = []
            neighbours.reserveCapacity(100)
            try db.prepared(Self.newestUnderTag, [tagID, now.milliseconds, id]).forEachRow { row in
                neighbours.append(RelatedArticles.Neighbour(publishedAt: try row[0], id: try row[1]))
            }
            return neighbours
        }
        var ids = RelatedArticles.ranked(perTag, limit: limit)
        if ids.count < limit {
            let sameSection = try Int64.fetchAll(
                db.prepared(Self.newestIDsInSection, [now.milliseconds, article.sectionID.rawValue, limit + ids.count + 1]))
            ids = RelatedArticles.filled(ids, from: sameSection, excluding: id, limit: limit, id: { $0 })
        }
        let byID = try Self.summaries(ids, db: db)
        return ids.compactMap { byID[$0] }
    }

    // The reader's commonest reads, as fixed text (`prepared`).
    static let newestUnderTag = """
        SELECT publicAt, articleId FROM articleTag INDEXED BY articleTag_public
        WHERE tagId = ? AND publicAt <= ? AND articleId <> ?
        ORDER BY publicAt DESC, articleId DESC LIMIT 100
        """
    static let newestInSectionRange = """
        SELECT publishedAt, id FROM article INDEXED BY article_public_by_section
        WHERE \(publicAsOfSQL()) AND sectionId = ? AND publishedAt >= ? AND (publishedAt, id) < (?, ?)
        ORDER BY publishedAt DESC, id DESC LIMIT ?
        """
    static let newestVersionsInSectionRange = """
        SELECT publishedAt, id FROM article INDEXED BY article_public_by_section
        WHERE \(publicAsOfSQL()) AND sectionId = ? AND publishedAt >= ? AND (publishedAt, id) < (?, ?) AND \(newestVersionSQL())
        ORDER BY publishedAt DESC, id DESC LIMIT ?
        """
    static let newestIDsInSection = """
        SELECT id FROM article WHERE \(publicAsOfSQL()) AND sectionId = ?
        ORDER BY publishedAt DESC, id DESC LIMIT ?
        """
    static let summariesWithLeadPhotoByID = """
        SELECT \(ArticleSummaryRow.columns), \(PhotoRecord.columns) FROM json_each(?) AS wanted
        CROSS JOIN article ON article.id = wanted.value
        LEFT JOIN photo ON photo.articleId = article.id AND photo.position = 0
        """
    static let publicSummariesWithLeadPhotoByID = summariesWithLeadPhotoByID + " WHERE \(publicAsOfSQL(in: "article"))"

    /// The summaries of these ids with their lead photos, by id; only the public ones when
    /// `publicAsOf` is given.
    static func summaries(_ ids: [Int64], publicAsOf now: Date? = nil, db: Database) throws -> [Int64: ArticleSummary] {
        try summaryRowsWithLeadPhoto(ids, publicAsOf: now, db: db).mapValues { $0.row.domain(leadPhoto: $0.lead) }
    }

    /// The summary rows of these ids with their lead photos, by id, in one statement; only
    /// the public ones when `publicAsOf` is given. `json_each` over the distinct ids is the
    /// outer loop, one index search each: unlike `IN (SELECT ...)`, it builds no temporary
    /// b-tree on every run.
    static func summaryRowsWithLeadPhoto(
        _ ids: [Int64], publicAsOf now: Date? = nil, db: Database
    ) throws -> [Int64: (row: ArticleSummaryRow, lead: Photo?)] {
        guard !ids.isEmpty else { return [:] }
        let statement = try now.map { try db.prepared(Self.publicSummariesWithLeadPhotoByID, [idTableArgument(ids), $0.milliseconds]) }
            ?? db.prepared(Self.summariesWithLeadPhotoByID, [idTableArgument(ids)])
        var entries: [Int64: (row: ArticleSummaryRow, lead: Photo?)] = [:]
        entries.reserveCapacity(ids.count)
        try statement.forEachRow { row in
            let summary = try ArticleSummaryRow(row)
            let photo = row.isNull(8) ? nil : try PhotoRecord(row, at: 8)
            entries[summary.id] = (summary, photo?.domain(photographer: nil))
        }
        return entries
    }

    /// A page of these ids' summaries with lead photos, in their order, cut to `limit` with
    /// the extra one fetched to learn whether another page exists.
    static func page(
        of ids: [Int64], limit: Int, db: Database, cursor: (ArticleSummaryRow) -> PageCursor
    ) throws -> Page<ArticleSummary> {
        let byID = try summaryRowsWithLeadPhoto(ids, db: db)
        let (shown, next) = PageRequest(limit: limit).cut(ids.compactMap { byID[$0] }) { cursor($0.row) }
        return Page(items: shown.map { $0.row.domain(leadPhoto: $0.lead) }, next: next)
    }
}
