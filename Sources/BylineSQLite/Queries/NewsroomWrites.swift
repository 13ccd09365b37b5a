import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    public func createSection(_ section: NewSection) async throws -> Section {
        try await write { db in
            var parentID: Int64?
            if section.path.slugs.count > 1 {
                let parentPath = SectionPath(slugs: Array(section.path.slugs.dropLast()))
                guard let parent = try Self.sectionID(at: parentPath, db: db) else {
                    throw StorageRefusal.unknownParent(parentPath)
                }
                parentID = parent
            }
            var record = SectionRecord(
                id: nil, parentId: parentID, slug: section.path.slugs.last ?? "", name: section.name,
                position: section.position)
            try record.insert(db)
            return record.domain()
        }
    }

    public func addReporter(_ reporter: NewReporter) async throws -> Reporter {
        try await write { db in
            if let existing = try ReporterRecord.filter(Column("email").collating(.nocase) == reporter.email).fetchOne(db) {
                return existing.domain()
            }
            var record = ReporterRecord(id: nil, name: reporter.name, email: reporter.email, beat: reporter.beat)
            try record.insert(db)
            return record.domain()
        }
    }

    public func publish(_ article: NewArticle) async throws -> ArticleID {
        try await write { db in
            let now = article.publishedAt.milliseconds
            var record = try Self.record(for: article, db: db)
            record.createdAt = now
            record.updatedAt = now
            try record.insert(db)
            let articleID = record.id ?? 0
            try Self.saveLinks(of: article, to: articleID, db: db)
            return ArticleID(rawValue: articleID)
        }
    }

    public func update(_ id: ArticleID, with article: NewArticle, at date: Date) async throws {
        try await write { db in
            guard let existing = try ArticleRecord.fetchOne(db, key: id.rawValue) else { throw BylineError.notFound }
            var record = try Self.record(for: article, db: db)
            record.id = existing.id
            record.status = existing.status
            record.createdAt = existing.createdAt
            record.updatedAt = date.milliseconds
            record.externalId = existing.externalId
            record.ownerId = existing.ownerId
            record.embargoUntil = existing.embargoUntil
            try record.update(db)
            for table in ["articleAuthor", "articleTag", "photo"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE articleId = ?", arguments: [id.rawValue])
            }
            try Self.saveLinks(of: article, to: id.rawValue, db: db)
        }
    }

    public func unpublish(_ id: ArticleID, at date: Date) async throws {
        try await write { db in
            try db.execute(literal: """
                UPDATE article SET status = 'unpublished', updatedAt = \(date.milliseconds) WHERE id = \(id.rawValue)
                """)
            guard db.changesCount > 0 else { throw BylineError.notFound }
        }
    }

    /// The article row for new content, its section resolved; the caller sets the times.
    static func record(for article: NewArticle, db: Database) throws -> ArticleRecord {
        guard let sectionID = try sectionID(at: article.section, db: db) else {
            throw StorageRefusal.unknownSection(article.section)
        }
        let publishedAt = article.publishedAt.milliseconds
        var record = ArticleRecord(
            id: nil, headline: article.headline, subheadlines: article.subheadlines, body: article.body,
            summary: article.summary.isEmpty ? NewArticle.summary(fromMarkdown: article.body) : article.summary,
            sectionId: sectionID, dateline: article.dateline?.city, isBreaking: article.isBreaking,
            status: "published", publishedAt: publishedAt, createdAt: publishedAt, updatedAt: publishedAt, externalId: nil,
            grade: article.grade.rawValue, kind: article.kind.rawValue)
        record.renderBody()
        return record
    }

    /// Authors, tags and photos of a saved article, and its search entry.
    static func saveLinks(of article: NewArticle, to articleID: Int64, db: Database) throws {
        let reporterIDs = try reporterIDs(byEmail: article.authorEmails + article.photos.compactMap(\.photographerEmail), db: db)
        for (position, email) in article.authorEmails.enumerated() {
            guard let reporterID = reporterIDs[email.lowercased()] else { continue }
            try ArticleAuthorRecord(articleId: articleID, reporterId: reporterID, position: position)
                .insert(db, onConflict: .ignore)
        }
        for tag in Set(article.tags) {
            try ArticleTagRecord(articleId: articleID, tagId: try tagID(for: tag, db: db)).insert(db)
        }
        for (position, photo) in article.photos.enumerated() {
            var record = PhotoRecord(
                id: nil, articleId: articleID, position: position, url: photo.url, caption: photo.caption,
                alt: photo.alt, photographerId: photo.photographerEmail.flatMap { reporterIDs[$0.lowercased()] },
                credit: photo.credit, takenAt: photo.takenAt.milliseconds, width: photo.width, height: photo.height)
            if let library = photo.library,
               let picture = try Row.fetchOne(
                   db, sql: "SELECT width, height, stem, takenAt FROM libraryPhoto WHERE id = ?", arguments: [library.rawValue]) {
                // The library's upright size, current renditions and time taken, whatever the form said.
                record.libraryPhotoId = library.rawValue
                record.width = picture["width"]
                record.height = picture["height"]
                record.renditions = picture["stem"]
                record.takenAt = picture["takenAt"] ?? record.takenAt
            }
            try record.insert(db)
        }
        try SearchIndex.reindex(articleID, db: db)
    }

    public func recordViews(_ counts: [ArticleID: Int], at date: Date) async throws {
        guard !counts.isEmpty else { return }
        let hour = viewHour(of: date)
        try await write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO articleViewHour (articleId, hour, views)
                SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM article WHERE id = ?)
                ON CONFLICT (articleId, hour) DO UPDATE SET views = views + excluded.views
                """)
            for (id, count) in counts where count > 0 {
                try statement.execute(arguments: [id.rawValue, hour, count, id.rawValue])
            }
        }
    }

    static func sectionID(at path: SectionPath, db: Database) throws -> Int64? {
        var parent: Int64?
        for slug in path.slugs {
            let request = SectionRecord.filter(Column("slug") == slug)
            let match = try (parent.map { request.filter(Column("parentId") == $0) } ?? request.filter(Column("parentId") == nil))
                .fetchOne(db)
            guard let id = match?.id else { return nil }
            parent = id
        }
        return parent
    }

    /// Every named reporter must exist: a byline is never silently dropped.
    static func reporterIDs(byEmail emails: [String], db: Database) throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        for email in Set(emails.map { $0.lowercased() }) {
            guard let record = try ReporterRecord.filter(Column("email").collating(.nocase) == email).fetchOne(db),
                  let id = record.id
            else { throw StorageRefusal.unknownReporter(email: email) }
            ids[email] = id
        }
        return ids
    }

    static func tagID(for tag: Tag, db: Database) throws -> Int64 {
        if let existing = try TagRecord.filter(Column("name") == tag.name).fetchOne(db), let id = existing.id {
            return id
        }
        var record = TagRecord(id: nil, name: tag.name)
        try record.insert(db)
        return record.id ?? 0
    }
}
