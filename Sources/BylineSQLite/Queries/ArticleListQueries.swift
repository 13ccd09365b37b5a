import BylineCore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteNewsStore {
    public func articles(_ listing: ArticleListing, page: PageRequest, asOf now: Date) async throws -> Page<ArticleSummary> {
        try await articles([ListRequest(listing, page: page)], asOf: now)[0]
    }

    public func articles(_ lists: [ListRequest], asOf now: Date) async throws -> [Page<ArticleSummary>] {
        try await read { db in
            // Lists over several sections (a front page's blocks, a section with its
            // subsections) are read together: the newest ids of every section range of every
            // such list in one statement, then all their summaries in one more. A statement per
            // range and per list was 45 statements on the front page, and GRDB's work per
            // statement cost more than SQLite's reading.
            let newest = try Self.newestInSections(lists, asOf: now, db: db)
            let ids = Array(Set(newest.values.joined()))
            let byID = ids.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try ArticleSummaryRow.fetchAll(
                db.prepared(Self.summariesByID, [idTableArgument(ids)])
            ).map { ($0.id, $0) })
            let cuts = try lists.enumerated().map { index, list in
                let rows = try newest[index].map { $0.compactMap { byID[$0] } }
                    ?? Self.rows(list.listing, page: list.page, asOf: now, db: db)
                return list.page.cut(rows) { row in PageCursor(kind: .time, key: row.publishedAt, id: row.id) }
            }
            let photos = try Self.leadPhotos(cuts.flatMap { $0.shown.map(\.id) }, db: db)
            return cuts.map { cut in
                Page(items: cut.shown.map { $0.domain(leadPhoto: photos[$0.id]?.domain(photographer: nil)) }, next: cut.next)
            }
        }
    }

    /// A list's rows, one more than the page shows to learn whether another page exists.
    static func rows(_ listing: ArticleListing, page: PageRequest, asOf now: Date, db: Database) throws -> [ArticleSummaryRow] {
        var sql: SQL = """
            SELECT \(sql: ArticleSummaryRow.columns) FROM article
            WHERE \(publicAsOf: now)
            """
        sql += Self.filter(for: listing)
        if let after = page.after {
            sql += " AND (publishedAt, id) < (\(after.key), \(after.id))"
        }
        sql += " ORDER BY publishedAt DESC, id DESC LIMIT \(page.limit + 1)"
        return try SQLRequest<ArticleSummaryRow>(literal: sql, cached: true).fetchAll(db)
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
    /// The ranges go into one compound statement, in chunks under SQLite's limit of 500 terms.
    static func newestInSections(_ lists: [ListRequest], asOf now: Date, db: Database) throws -> [Int: [Int64]] {
        var ranges: [SQL] = []
        for (index, list) in lists.enumerated() {
            for section in sectionRanges(list.listing) ?? [] {
                var sql: SQL = """
                    SELECT * FROM (SELECT \(index) AS list, publishedAt, id FROM article INDEXED BY article_public_by_section
                    WHERE \(publicAsOf: now) AND sectionId = \(section.rawValue)
                    """
                sql += Self.filter(for: ArticleListing(since: list.listing.since, until: list.listing.until))
                if let after = list.page.after {
                    sql += " AND (publishedAt, id) < (\(after.key), \(after.id))"
                }
                sql += " ORDER BY publishedAt DESC, id DESC LIMIT \(list.page.limit + 1))"
                ranges.append(sql)
            }
        }
        var entries: [Int: [(publishedAt: Int64, id: Int64)]] = [:]
        for start in stride(from: 0, to: ranges.count, by: 200) {
            let chunk = ranges[start..<min(start + 200, ranges.count)]
            let cursor = try Row.fetchCursor(db, SQLRequest<Row>(literal: chunk.joined(separator: " UNION ALL "), cached: true))
            while let row = try cursor.next() { entries[row[0], default: []].append((row[1], row[2])) }
        }
        var newest: [Int: [Int64]] = [:]
        for (index, list) in lists.enumerated() where sectionRanges(list.listing) != nil {
            newest[index] = (entries[index] ?? []).sorted { ($0.publishedAt, $0.id) > ($1.publishedAt, $1.id) }
                .prefix(list.page.limit + 1).map(\.id)
        }
        return newest
    }

    public func summaries(_ ids: [ArticleID], asOf now: Date) async throws -> [ArticleSummary] {
        guard !ids.isEmpty else { return [] }
        return try await read { db in
            let rows = try SQLRequest<ArticleSummaryRow>(literal: """
                SELECT \(sql: ArticleSummaryRow.columns) FROM \(idTable: ids.map(\.rawValue)) CROSS JOIN article ON article.id = wanted.value
                WHERE \(publicAsOf: now, in: "article")
                """, cached: true).fetchAll(db)
            let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
            return try Self.summaries(ids.compactMap { byID[$0.rawValue] }, db: db)
        }
    }

    public func pinnedTopStories(asOf now: Date) async throws -> [ArticleSummary] {
        try await read { db in
            // CROSS JOIN keeps the few pins as the outer loop: with a plain JOIN, SQLite walked
            // every public article looking for a pin (20 ms of every home page on 100,000 articles).
            let rows = try SQLRequest<ArticleSummaryRow>(literal: """
                SELECT \(sql: ArticleSummaryRow.columns) FROM topStoryPin CROSS JOIN article ON article.id = topStoryPin.articleId
                WHERE topStoryPin.until > \(now.milliseconds) AND \(publicAsOf: now, in: "article")
                ORDER BY topStoryPin.position, topStoryPin.articleId LIMIT 10
                """, cached: true).fetchAll(db)
            return try Self.summaries(rows, db: db)
        }
    }

    /// The conditions a listing adds to "public as of now".
    static func filter(for listing: ArticleListing) -> SQL {
        var sql: SQL = ""
        if let sections = listing.sections {
            sql += " AND article.sectionId IN \(sections.map(\.rawValue))"
        }
        if let tag = listing.tag {
            sql += """
                 AND article.id IN (SELECT articleTag.articleId FROM articleTag
                                    JOIN tag ON tag.id = articleTag.tagId WHERE tag.name = \(tag.name))
                """
        }
        if let reporter = listing.reporter {
            sql += " AND article.id IN (SELECT articleId FROM articleAuthor WHERE reporterId = \(reporter.rawValue))"
        }
        if listing.breakingOnly {
            sql += " AND article.isBreaking"
        }
        if let since = listing.since {
            sql += " AND article.publishedAt >= \(since.milliseconds)"
        }
        if let until = listing.until {
            sql += " AND article.publishedAt < \(until.milliseconds)"
        }
        return sql
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
            let byID = Dictionary(
                uniqueKeysWithValues: try SQLRequest<ArticleSummaryRow>(literal: """
                    SELECT \(sql: ArticleSummaryRow.columns) FROM \(idTable: ids) CROSS JOIN article ON article.id = wanted.value
                    """, cached: true).fetchAll(db).map { ($0.id, $0) })
            let rows = ids.compactMap { byID[$0] }
            return try Self.page(of: rows, limit: page.limit, db: db) { row in
                PageCursor(kind: .score, key: totals[row.id] ?? 0, id: row.id)
            }
        }
    }

    public func articlePage(_ id: ArticleID, relatedLimit: Int, asOf now: Date) async throws -> ArticleWithRelated? {
        try await read { db in
            guard let article = try Self.fullArticles([id.rawValue], asOf: now, db: db).first else { return nil }
            return ArticleWithRelated(article: article, related: try Self.related(to: article, limit: relatedLimit, asOf: now, db: db))
        }
    }

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
                neighbours.append(RelatedArticles.Neighbour(publishedAt: sqlite3_column_int64(row, 0), id: sqlite3_column_int64(row, 1)))
            }
            return neighbours
        }
        let tagMatches = RelatedArticles.ranked(perTag, limit: limit)
        let tagRows = Dictionary(uniqueKeysWithValues: try ArticleSummaryRow.fetchAll(
            db.prepared(Self.summariesByID, [idTableArgument(tagMatches)])
        ).map { ($0.id, $0) })
        var rows = tagMatches.compactMap { tagRows[$0] }
        if rows.count < limit {
            let sameSection = try ArticleSummaryRow.fetchAll(
                db.prepared(Self.newestInSection, [now.milliseconds, article.sectionID.rawValue, limit + rows.count + 1]))
            rows = RelatedArticles.filled(rows, from: sameSection, excluding: id, limit: limit, id: \.id)
        }
        return try Self.summaries(rows, db: db)
    }

    // The article page's reads, as fixed text (`prepared`).
    static let newestUnderTag = """
        SELECT publicAt, articleId FROM articleTag INDEXED BY articleTag_public
        WHERE tagId = ? AND publicAt <= ? AND articleId <> ?
        ORDER BY publicAt DESC, articleId DESC LIMIT 100
        """
    static let summariesByID = """
        SELECT \(ArticleSummaryRow.columns) FROM json_each(?) AS wanted CROSS JOIN article ON article.id = wanted.value
        """
    static let newestInSection = """
        SELECT \(ArticleSummaryRow.columns) FROM article WHERE \(publicAsOfSQL()) AND sectionId = ?
        ORDER BY publishedAt DESC, id DESC LIMIT ?
        """

    /// Cuts the extra row fetched to learn whether another page exists, and attaches lead photos.
    static func page(
        of rows: [ArticleSummaryRow], limit: Int, db: Database, cursor: (ArticleSummaryRow) -> PageCursor
    ) throws -> Page<ArticleSummary> {
        let (shown, next) = PageRequest(limit: limit).cut(rows, cursor: cursor)
        return Page(items: try summaries(shown, db: db), next: next)
    }

    static func summaries(_ rows: [ArticleSummaryRow], db: Database) throws -> [ArticleSummary] {
        let photos = try leadPhotos(rows.map(\.id), db: db)
        return rows.map { row in row.domain(leadPhoto: photos[row.id]?.domain(photographer: nil)) }
    }

    /// The first photo of each of these articles, by article.
    static func leadPhotos(_ ids: [Int64], db: Database) throws -> [Int64: PhotoRecord] {
        guard !ids.isEmpty else { return [:] }
        let photos = try PhotoRecord.fetchAll(db.prepared(
            "SELECT photo.* FROM json_each(?) AS wanted CROSS JOIN photo ON photo.articleId = wanted.value AND photo.position = 0",
            [idTableArgument(ids)]))
        return Dictionary(photos.map { ($0.articleId, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
