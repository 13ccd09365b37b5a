import BylineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresNewsStore {
    public func articles(_ ids: [ArticleID], asOf now: Date) async throws -> [Article] {
        guard !ids.isEmpty else { return [] }
        return try await read { [logger] connection in
            try await Self.fullArticles(ids.map(\.rawValue), asOf: now, connection: connection, logger: logger)
        }
    }

    /// Reads articles with their bylines, tags, photos and corrections in five queries,
    /// whatever their number. `publicOnly: false` reads articles in any state, for the preview.
    static func fullArticles(
        _ ids: [Int64], asOf now: Date, publicOnly: Bool = true, connection: PostgresConnection, logger: Logger
    ) async throws -> [Article] {
        let records = try await (publicOnly
            ? connection.rows(Prepared.PublicArticles(ids: ids, now: now.milliseconds), logger: logger)
            : connection.rows(Prepared.Articles(ids: ids), logger: logger)
        ).map(ArticleRow.init)
        let found = records.map(\.id)
        guard !found.isEmpty else { return [] }

        var authors: [Int64: [Reporter]] = [:]
        var reporters: [Int64: Reporter] = [:]
        for row in try await connection.rows(Prepared.Authors(articleIDs: found), logger: logger) {
            let reporter = try Reporter(row, offset: 1)
            authors[try row.makeRandomAccess()[0].decode(Int64.self), default: []].append(reporter)
            reporters[reporter.id.rawValue] = reporter
        }

        var tags: [Int64: [Tag]] = [:]
        for row in try await connection.rows(Prepared.Tags(articleIDs: found), logger: logger) {
            let (articleID, name) = try row.decode((Int64, String).self)
            if let tag = Tag(name) { tags[articleID, default: []].append(tag) }
        }

        let photoRows = try await connection.rows(Prepared.Photos(articleIDs: found), logger: logger).map(PhotoRow.init)
        let missingPhotographers = Array(Set(photoRows.compactMap(\.photographerId)).subtracting(reporters.keys))
        if !missingPhotographers.isEmpty {
            for row in try await connection.rows(Prepared.Reporters(ids: missingPhotographers), logger: logger) {
                let reporter = try Reporter(row)
                reporters[reporter.id.rawValue] = reporter
            }
        }
        let photos = Dictionary(grouping: photoRows, by: \.articleId).mapValues { rows in
            rows.map { $0.domain(photographer: $0.photographerId.flatMap { reporters[$0] }) }
        }

        var corrections: [Int64: [Correction]] = [:]
        for row in try await connection.rows(Prepared.Corrections(articleIDs: found), logger: logger) {
            let (articleID, text, editor, at) = try row.decode((Int64, String, String, Int64).self)
            corrections[articleID, default: []].append(Correction(text: text, at: Date(milliseconds: at), editorName: editor))
        }

        let byID = Dictionary(uniqueKeysWithValues: records.compactMap { record -> (Int64, Article)? in
            let id = record.id
            return record.stored.article(
                authors: authors[id] ?? [], tags: tags[id] ?? [], photos: photos[id] ?? [], corrections: corrections[id] ?? [],
                publicOnly: publicOnly
            ).map { (id, $0) }
        })
        return ids.compactMap { byID[$0] }
    }

    public func sections() async throws -> [Section] {
        try await read { [logger] connection in
            try await connection.rows("SELECT \(unescaped: Section.columns) FROM section ORDER BY position, id", logger: logger)
                .map(Section.init)
        }
    }

    public func reporter(_ id: ReporterID) async throws -> Reporter? {
        try await read { [logger] connection in
            try await connection.rows("SELECT \(unescaped: Reporter.columns) FROM reporter WHERE id = \(id.rawValue)", logger: logger)
                .first.map { try Reporter($0) }
        }
    }

    public func reporters(emails: [String]) async throws -> [Reporter] {
        guard !emails.isEmpty else { return [] }
        let lowered = emails.map { $0.lowercased() }
        return try await read { [logger] connection in
            try await connection.rows(
                "SELECT \(unescaped: Reporter.columns) FROM reporter WHERE lower(email) = ANY(\(lowered)::text[])", logger: logger)
                .map { try Reporter($0) }
        }
    }

    public func tagIsPublic(_ tag: Tag, asOf now: Date) async throws -> Bool {
        try await read { [logger] connection in
            try await connection.rows("""
                SELECT EXISTS (
                    SELECT 1 FROM tag
                    JOIN articleTag ON articleTag.tagId = tag.id
                    JOIN article ON article.id = articleTag.articleId
                    WHERE tag.name = \(tag.name) AND \(publicAsOf: now, in: "article"))
                """, logger: logger).first?.decode(Bool.self) ?? false
        }
    }

    public func isEmpty() async throws -> Bool {
        try await read { [logger] connection in
            try await connection.rows("""
                SELECT NOT EXISTS (SELECT 1 FROM section) AND NOT EXISTS (SELECT 1 FROM article)
                """, logger: logger).first?.decode(Bool.self) ?? true
        }
    }
}
