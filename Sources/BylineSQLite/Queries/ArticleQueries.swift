import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    public func article(_ id: ArticleID, asOf now: Date) async throws -> Article? {
        try await read { db in
            guard let record = try SQLRequest<ArticleRecord>(literal: """
                SELECT * FROM article WHERE id = \(id.rawValue) AND status = 'published' AND publishedAt <= \(now.milliseconds)
                """, cached: true).fetchOne(db),
                let publishedAt = record.publishedAt
            else { return nil }

            let authors = try SQLRequest<ReporterRecord>(literal: """
                SELECT reporter.* FROM reporter
                JOIN articleAuthor ON articleAuthor.reporterId = reporter.id
                WHERE articleAuthor.articleId = \(id.rawValue) ORDER BY articleAuthor.position
                """, cached: true).fetchAll(db).map { $0.domain() }
            let tags = try SQLRequest<String>(literal: """
                SELECT tag.name FROM tag JOIN articleTag ON articleTag.tagId = tag.id
                WHERE articleTag.articleId = \(id.rawValue) ORDER BY tag.name
                """, cached: true).fetchAll(db).compactMap(Tag.init)
            let photoRecords = try SQLRequest<PhotoRecord>(literal: """
                SELECT * FROM photo WHERE articleId = \(id.rawValue) ORDER BY position
                """, cached: true).fetchAll(db)
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
