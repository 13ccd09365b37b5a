import BylineCore
import BylineMarkup
import Foundation
import Logging
import PostgresNIO

extension PostgresNewsStore {
    public func createSection(_ section: NewSection) async throws -> Section {
        try await write { [logger] connection in
            var parentID: Int64?
            if section.path.slugs.count > 1 {
                let parentPath = SectionPath(slugs: Array(section.path.slugs.dropLast()))
                guard let parent = try await Self.sectionID(at: parentPath, connection: connection, logger: logger) else {
                    throw StorageRefusal.unknownParent(parentPath)
                }
                parentID = parent
            }
            let slug = section.path.slugs.last ?? ""
            let rows = try await connection.rows("""
                INSERT INTO section (parentId, slug, name, position)
                VALUES (\(parentID), \(slug), \(section.name), \(Int64(section.position)))
                RETURNING \(unescaped: Section.columns)
                """, logger: logger)
            guard let row = rows.first else { throw BylineError.notFound }
            return try Section(row)
        }
    }

    public func addReporter(_ reporter: NewReporter) async throws -> Reporter {
        try await write { [logger] connection in
            if let existing = try await Self.reporter(byEmail: reporter.email, connection: connection, logger: logger) {
                return existing
            }
            // Another node may add the same address meanwhile: its row is the answer then,
            // as a unique violation would abort this transaction.
            let inserted = try await connection.rows("""
                INSERT INTO reporter (name, email, beat) VALUES (\(reporter.name), \(reporter.email), \(reporter.beat))
                ON CONFLICT DO NOTHING RETURNING \(unescaped: Reporter.columns)
                """, logger: logger)
            if let row = inserted.first { return try Reporter(row) }
            guard let existing = try await Self.reporter(byEmail: reporter.email, connection: connection, logger: logger) else {
                throw BylineError.notFound
            }
            return existing
        }
    }

    public func publish(_ article: NewArticle) async throws -> ArticleID {
        try await write { [logger] connection in
            let now = article.publishedAt.milliseconds
            var fields = try await Self.articleFields(for: article, connection: connection, logger: logger)
            fields.createdAt = now
            fields.updatedAt = now
            let articleID = try await Self.insertArticle(fields, connection: connection, logger: logger)
            try await Self.saveLinks(of: article, to: articleID, connection: connection, logger: logger)
            return ArticleID(rawValue: articleID)
        }
    }

    public func update(_ id: ArticleID, with article: NewArticle, at date: Date) async throws {
        try await write { [logger] connection in
            // Locked: two nodes updating one article take turns.
            let rows = try await connection.rows("""
                SELECT status, createdAt, externalId FROM article WHERE id = \(id.rawValue) FOR UPDATE
                """, logger: logger)
            guard let row = rows.first else { throw BylineError.notFound }
            let (status, createdAt, externalId) = try row.decode((String, Int64, String?).self)
            var fields = try await Self.articleFields(for: article, connection: connection, logger: logger)
            fields.status = status
            fields.createdAt = createdAt
            fields.updatedAt = date.milliseconds
            fields.externalId = externalId
            try await Self.updateArticle(id.rawValue, to: fields, connection: connection, logger: logger)
            try await Self.deleteLinks(of: id.rawValue, connection: connection, logger: logger)
            try await Self.saveLinks(of: article, to: id.rawValue, connection: connection, logger: logger)
        }
    }

    public func unpublish(_ id: ArticleID, at date: Date) async throws {
        try await write { [logger] connection in
            let rows = try await connection.rows("""
                UPDATE article SET status = 'unpublished', updatedAt = \(date.milliseconds) WHERE id = \(id.rawValue) RETURNING id
                """, logger: logger)
            guard !rows.isEmpty else { throw BylineError.notFound }
        }
    }

    public func recordViews(_ counts: [ArticleID: Int], at date: Date) async throws {
        let counted = counts.filter { $0.value > 0 }.sorted { $0.key.rawValue < $1.key.rawValue }
        guard !counted.isEmpty else { return }
        let hour = viewHour(of: date)
        let ids = counted.map(\.key.rawValue)
        let views = counted.map { Int64($0.value) }
        try await write { [logger] connection in
            // One statement for the batch, rows taken in id order so that two nodes adding
            // to the same hours lock them in the same order. Unknown articles are skipped.
            try await connection.run("""
                INSERT INTO articleViewHour (articleId, hour, views)
                SELECT counted.id, \(hour), counted.views
                FROM unnest(\(ids)::bigint[], \(views)::bigint[]) AS counted(id, views)
                WHERE EXISTS (SELECT 1 FROM article WHERE article.id = counted.id)
                ORDER BY counted.id
                ON CONFLICT (articleId, hour) DO UPDATE SET views = articleViewHour.views + excluded.views
                """, logger: logger)
        }
    }

    /// Authors, tags and photos of a saved article, and its search entry.
    static func saveLinks(of article: NewArticle, to articleID: Int64, connection: PostgresConnection, logger: Logger) async throws {
        let reporterIDs = try await reporterIDs(
            byEmail: article.authorEmails + article.photos.compactMap(\.photographerEmail), connection: connection, logger: logger)
        for (position, email) in article.authorEmails.enumerated() {
            guard let reporterID = reporterIDs[email.lowercased()] else { continue }
            try await connection.run("""
                INSERT INTO articleAuthor (articleId, reporterId, position) VALUES (\(articleID), \(reporterID), \(Int64(position)))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        // By name, so that nodes creating the same new tags lock them in the same order.
        for tag in Set(article.tags).sorted(by: { $0.name < $1.name }) {
            let tagID = try await tagID(for: tag, connection: connection, logger: logger)
            try await connection.run("INSERT INTO articleTag (articleId, tagId) VALUES (\(articleID), \(tagID))", logger: logger)
        }
        for (position, photo) in article.photos.enumerated() {
            let photographerID = photo.photographerEmail.flatMap { reporterIDs[$0.lowercased()] }
            // A library picture brings its upright size, current renditions and time taken, whatever the form said.
            try await connection.run("""
                INSERT INTO photo (articleId, position, url, caption, alt, photographerId, credit, takenAt, width, height,
                                   libraryPhotoId, renditions)
                SELECT \(articleID), \(Int64(position)), \(photo.url), \(photo.caption), \(photo.alt), \(photographerID),
                       \(photo.credit), coalesce(library.takenAt, \(photo.takenAt.milliseconds)), coalesce(library.width, \(photo.width.map(Int64.init))),
                       coalesce(library.height, \(photo.height.map(Int64.init))), library.id, library.stem
                FROM (SELECT 1) AS one LEFT JOIN libraryPhoto library ON library.id = \(photo.library?.rawValue)
                """, logger: logger)
        }
        try await SearchIndex.reindex(articleID, connection: connection, logger: logger)
    }

    static func sectionID(at path: SectionPath, connection: PostgresConnection, logger: Logger) async throws -> Int64? {
        var parent: Int64?
        for slug in path.slugs {
            // Ids start at 1, so 0 stands for "no parent", as in the unique index.
            let rows = try await connection.rows("""
                SELECT id FROM section WHERE coalesce(parentId, 0) = \(parent ?? 0) AND slug = \(slug)
                """, logger: logger)
            guard let row = rows.first else { return nil }
            parent = try row.decode(Int64.self)
        }
        return parent
    }

    /// Every named reporter must exist: a byline is never silently dropped.
    static func reporterIDs(byEmail emails: [String], connection: PostgresConnection, logger: Logger) async throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        for email in Set(emails.map { $0.lowercased() }).sorted() {
            guard let reporter = try await reporter(byEmail: email, connection: connection, logger: logger) else {
                throw StorageRefusal.unknownReporter(email: email)
            }
            ids[email] = reporter.id.rawValue
        }
        return ids
    }

    static func tagID(for tag: Tag, connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let select: PostgresQuery = "SELECT id FROM tag WHERE name = \(tag.name)"
        if let row = try await connection.rows(select, logger: logger).first { return try row.decode(Int64.self) }
        // A tag another node created meanwhile is found by the second look, never a unique violation.
        let inserted = try await connection.rows("""
            INSERT INTO tag (name) VALUES (\(tag.name)) ON CONFLICT (name) DO NOTHING RETURNING id
            """, logger: logger)
        if let row = inserted.first { return try row.decode(Int64.self) }
        guard let row = try await connection.rows(select, logger: logger).first else { throw BylineError.notFound }
        return try row.decode(Int64.self)
    }

    /// A reporter by address, whatever its case (SQLite's `COLLATE NOCASE`).
    private static func reporter(byEmail email: String, connection: PostgresConnection, logger: Logger) async throws -> Reporter? {
        try await connection.rows("""
            SELECT \(unescaped: Reporter.columns) FROM reporter WHERE lower(email) = lower(\(email))
            """, logger: logger).first.map { try Reporter($0) }
    }
}

/// The article columns SQLite's `ArticleRecord` holds: content, state and times. Version,
/// owner, embargo, return note and trash are left to their defaults or their own statements.
struct ArticleFields: Sendable {
    var headline: String
    var subheadlines: [String]
    var body: String
    var summary: String
    var sectionId: Int64
    var dateline: String?
    var isBreaking: Bool
    var status: String
    var publishedAt: Int64?
    var createdAt: Int64
    var updatedAt: Int64
    var externalId: String?
    var grade: String
    var kind: String

    /// The body's HTML when it was rendered already (an import's); else `bodyHtml` renders it.
    var renderedBody: String? = nil

    /// The body's HTML as pages show it (`BodyHTML.rendererVersion`), rendered as the row is written.
    var bodyHtml: String { BodyHTML.stored(renderedBody, markdown: body) }
}

extension PostgresNewsStore {
    /// The article row for new content, its section resolved; the caller sets the times.
    static func articleFields(for article: NewArticle, connection: PostgresConnection, logger: Logger) async throws -> ArticleFields {
        guard let sectionID = try await sectionID(at: article.section, connection: connection, logger: logger) else {
            throw StorageRefusal.unknownSection(article.section)
        }
        let publishedAt = article.publishedAt.milliseconds
        return ArticleFields(
            headline: article.headline, subheadlines: article.subheadlines, body: article.body,
            summary: article.summary.isEmpty ? NewArticle.summary(fromMarkdown: article.body) : article.summary,
            sectionId: sectionID, dateline: article.dateline?.city, isBreaking: article.isBreaking,
            status: "published", publishedAt: publishedAt, createdAt: publishedAt, updatedAt: publishedAt, externalId: nil,
            grade: article.grade.rawValue, kind: article.kind.rawValue)
    }

    /// Inserts an article row; returns its id.
    static func insertArticle(_ fields: ArticleFields, connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let rows = try await connection.rows("""
            INSERT INTO article (headline, subheadlines, body, summary, sectionId, dateline, isBreaking, status,
                                 publishedAt, createdAt, updatedAt, externalId, grade, kind, bodyHtml, bodyHtmlVersion)
            VALUES (\(fields.headline), \(fields.subheadlines), \(fields.body), \(fields.summary), \(fields.sectionId),
                    \(fields.dateline), \(fields.isBreaking), \(fields.status), \(fields.publishedAt), \(fields.createdAt),
                    \(fields.updatedAt), \(fields.externalId), \(fields.grade), \(fields.kind), \(fields.bodyHtml),
                    \(BodyHTML.rendererVersion))
            RETURNING id
            """, logger: logger)
        guard let row = rows.first else { throw BylineError.notFound }
        return try row.decode(Int64.self)
    }

    /// Overwrites the columns of `ArticleFields` of one article, as SQLite's `record.update(db)` does.
    static func updateArticle(_ id: Int64, to fields: ArticleFields, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("""
            UPDATE article SET headline = \(fields.headline), subheadlines = \(fields.subheadlines), body = \(fields.body),
                summary = \(fields.summary), sectionId = \(fields.sectionId), dateline = \(fields.dateline),
                isBreaking = \(fields.isBreaking), status = \(fields.status), publishedAt = \(fields.publishedAt),
                createdAt = \(fields.createdAt), updatedAt = \(fields.updatedAt), externalId = \(fields.externalId),
                grade = \(fields.grade), kind = \(fields.kind), bodyHtml = \(fields.bodyHtml),
                bodyHtmlVersion = \(BodyHTML.rendererVersion)
            WHERE id = \(id)
            """, logger: logger)
    }

    /// Removes an article's authors, tags and photos, before `saveLinks` writes the new ones.
    static func deleteLinks(of id: Int64, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("DELETE FROM articleAuthor WHERE articleId = \(id)", logger: logger)
        try await connection.run("DELETE FROM articleTag WHERE articleId = \(id)", logger: logger)
        try await connection.run("DELETE FROM photo WHERE articleId = \(id)", logger: logger)
    }
}
