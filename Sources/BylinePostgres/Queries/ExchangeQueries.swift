import BylineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresNewsStore {
    /// An import batch may take much longer than a reader's deadline; each statement still
    /// has the server's `statement_timeout`.
    static let importDeadline: Duration = .seconds(600)

    public func importRecords(_ records: [ExchangeRecord], at now: Date) async throws -> [ImportOutcome] {
        guard !records.isEmpty else { return [] }
        return try await withDeadline(Self.importDeadline) { [client, logger] in
            try await client.withTransaction(logger: logger) { connection in
                var importer = Importer(connection: connection, logger: logger, now: now)
                try await importer.rememberIDs(for: records)
                var outcomes: [ImportOutcome] = []
                outcomes.reserveCapacity(records.count)
                var index = records.startIndex
                while index < records.endIndex {
                    // Plain new articles go in chunks, one statement each; a chunk with a refused
                    // record is rolled back and its records saved one by one instead.
                    let run = importer.newArticles(in: records, from: index)
                    if run.count > 1, let saved = try await importer.saveTogether(run) {
                        outcomes += saved
                        index += run.count
                        continue
                    }
                    for record in records[index..<(index + max(run.count, 1))] {
                        outcomes.append(try await importer.saveIsolated(record))
                    }
                    index += max(run.count, 1)
                }
                return outcomes
            }
        }
    }

    public func exportArticles(after: ArticleID?, limit: Int) async throws -> [(id: ArticleID, document: ArticleDocument)] {
        try await read { [logger] connection in
            let rows = try await connection.rows("""
                SELECT \(unescaped: ArticleRow.columns) FROM article
                WHERE article.id > \(after?.rawValue ?? 0) ORDER BY article.id LIMIT \(Int64(limit))
                """, logger: logger).map(ArticleRow.init)
            return try await Self.documents(rows, withPlannedTimes: false, connection: connection, logger: logger)
        }
    }

    /// Articles' content as exchange documents, in the order of `rows`. `publishedAt` is
    /// kept only for published articles unless `withPlannedTimes` (the newsroom's view,
    /// where a scheduled article's time matters).
    static func documents(
        _ rows: [ArticleRow], withPlannedTimes: Bool, connection: PostgresConnection, logger: Logger
    ) async throws -> [(id: ArticleID, document: ArticleDocument)] {
        let ids = rows.map(\.id)
        guard !ids.isEmpty else { return [] }
        let tree = SectionTree(try await connection.rows("SELECT \(unescaped: Section.columns) FROM section", logger: logger)
            .map(Section.init))
        let authors = try await bylines(of: ids, connection: connection, logger: logger)
        let tags = try await tags(of: ids, connection: connection, logger: logger)
        let photos = try await photoDocuments(of: ids, connection: connection, logger: logger)
        return rows.compactMap { row in
            guard let section = tree.path(of: SectionID(rawValue: row.sectionId)) else { return nil }
            let keepsTime = row.status == "published" || withPlannedTimes
            return (ArticleID(rawValue: row.id), ArticleDocument(
                externalID: row.externalId, headline: row.headline, subheadlines: row.subheadlines,
                body: row.body, section: section, authors: authors[row.id] ?? [], tags: tags[row.id] ?? [],
                dateline: row.dateline, isBreaking: row.isBreaking,
                publishedAt: keepsTime ? row.publishedAt.map(Date.init(milliseconds:)) : nil,
                photos: photos[row.id] ?? [], grade: ArticleGrade(rawValue: row.grade) ?? .normal,
                kind: ArticleKind(rawValue: row.kind) ?? .article))
        }
    }

    private static func bylines(of ids: [Int64], connection: PostgresConnection, logger: Logger) async throws -> [Int64: [Byline]] {
        var authors: [Int64: [Byline]] = [:]
        for row in try await connection.rows("""
            SELECT articleAuthor.articleId, reporter.name, reporter.email
            FROM articleAuthor JOIN reporter ON reporter.id = articleAuthor.reporterId
            WHERE articleAuthor.articleId = ANY(\(ids)) ORDER BY articleAuthor.articleId, articleAuthor.position
            """, logger: logger) {
            let (articleID, name, email) = try row.decode((Int64, String, String).self)
            authors[articleID, default: []].append(Byline(name: name, email: email))
        }
        return authors
    }

    private static func tags(of ids: [Int64], connection: PostgresConnection, logger: Logger) async throws -> [Int64: [Tag]] {
        var tags: [Int64: [Tag]] = [:]
        // COLLATE "C": code-point order, as SQLite's BINARY, whatever the database's locale.
        for row in try await connection.rows("""
            SELECT articleTag.articleId, tag.name FROM articleTag JOIN tag ON tag.id = articleTag.tagId
            WHERE articleTag.articleId = ANY(\(ids)) ORDER BY tag.name COLLATE "C"
            """, logger: logger) {
            let (articleID, name) = try row.decode((Int64, String).self)
            if let tag = Tag(name) { tags[articleID, default: []].append(tag) }
        }
        return tags
    }

    private static func photoDocuments(
        of ids: [Int64], connection: PostgresConnection, logger: Logger
    ) async throws -> [Int64: [PhotoDocument]] {
        var photos: [Int64: [PhotoDocument]] = [:]
        for row in try await connection.rows("""
            SELECT photo.articleId, photo.url, photo.caption, photo.credit, photo.alt, photo.width, photo.height,
                   reporter.name, reporter.email, photo.libraryPhotoId
            FROM photo LEFT JOIN reporter ON reporter.id = photo.photographerId
            WHERE photo.articleId = ANY(\(ids)) ORDER BY photo.articleId, photo.position
            """, logger: logger) {
            let (articleID, url, caption, credit, alt, width, height, name, email, library) =
                try row.decode((Int64, String, String, String, String, Int64?, Int64?, String?, String?, Int64?).self)
            let photographer = email.map { Byline(name: name ?? "", email: $0) }
            photos[articleID, default: []].append(PhotoDocument(
                url: url, caption: caption, credit: credit, alt: alt,
                width: width.map(Int.init), height: height.map(Int.init), photographer: photographer,
                library: library.map(LibraryPhotoID.init(rawValue:))))
        }
        return photos
    }
}
