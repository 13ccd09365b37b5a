import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    public func article(_ id: ArticleID, asOf now: Date) async throws -> Article? {
        try await read { db in
            guard let record = try ArticleRecord.fetchOne(db, sql: """
                SELECT * FROM article WHERE id = ? AND status = 'published' AND publishedAt <= ?
                """, arguments: [id.rawValue, now.milliseconds]),
                let publishedAt = record.publishedAt
            else { return nil }

            let authors = try ReporterRecord.fetchAll(db, sql: """
                SELECT reporter.* FROM reporter
                JOIN articleAuthor ON articleAuthor.reporterId = reporter.id
                WHERE articleAuthor.articleId = ? ORDER BY articleAuthor.position
                """, arguments: [id.rawValue]).map { $0.domain() }
            let tags = try String.fetchAll(db, sql: """
                SELECT tag.name FROM tag JOIN articleTag ON articleTag.tagId = tag.id
                WHERE articleTag.articleId = ? ORDER BY tag.name
                """, arguments: [id.rawValue]).compactMap(Tag.init)
            let photoRecords = try PhotoRecord
                .filter(Column("articleId") == id.rawValue).order(Column("position")).fetchAll(db)
            let photographerIDs = Set(photoRecords.compactMap(\.photographerId))
            let photographers = Dictionary(
                uniqueKeysWithValues: try ReporterRecord.filter(keys: photographerIDs).fetchAll(db)
                    .map { ($0.id ?? 0, $0.domain()) })

            return Article(
                id: id, headline: record.headline, subheadlines: record.subheadlines, body: record.body,
                summary: record.summary, sectionID: SectionID(rawValue: record.sectionId),
                authors: authors, tags: tags, dateline: record.dateline.map(Dateline.init(city:)),
                isBreaking: record.isBreaking,
                photos: photoRecords.map { $0.domain(photographer: $0.photographerId.flatMap { photographers[$0] }) },
                publishedAt: Date(milliseconds: publishedAt), updatedAt: Date(milliseconds: record.updatedAt))
        }
    }

    public func sections() async throws -> [Section] {
        try await read { db in
            try SectionRecord.order(Column("position"), Column("id")).fetchAll(db).map { $0.domain() }
        }
    }

    public func reporter(_ id: ReporterID) async throws -> Reporter? {
        try await read { db in try ReporterRecord.fetchOne(db, key: id.rawValue)?.domain() }
    }

    public func tagIsPublic(_ tag: Tag, asOf now: Date) async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (
                    SELECT 1 FROM tag
                    JOIN articleTag ON articleTag.tagId = tag.id
                    JOIN article ON article.id = articleTag.articleId
                    WHERE tag.name = ? AND article.status = 'published' AND article.publishedAt <= ?)
                """, arguments: [tag.name, now.milliseconds]) ?? false
        }
    }

    public func isEmpty() async throws -> Bool {
        try await read { db in
            try SectionRecord.fetchCount(db) == 0 && ArticleRecord.fetchCount(db) == 0
        }
    }
}
