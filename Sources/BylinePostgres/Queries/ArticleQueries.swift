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

    /// Reads articles with their bylines, tags, photos and corrections in one statement,
    /// whatever their number. `publicOnly: false` reads articles in any state, for the preview.
    static func fullArticles(
        _ ids: [Int64], asOf now: Date, publicOnly: Bool = true, connection: PostgresConnection, logger: Logger
    ) async throws -> [Article] {
        let rows = try await (!publicOnly
            ? connection.rows(Prepared.Articles(ids: ids), logger: logger)
            : ids.count == 1
            ? connection.rows(Prepared.PublicArticle(id: ids[0], now: now.milliseconds), logger: logger)
            : connection.rows(Prepared.PublicArticles(ids: ids, now: now.milliseconds), logger: logger)
        ).map(WholeArticleRow.init)
        let byID = Dictionary(uniqueKeysWithValues: rows.compactMap { row in
            row.article(publicOnly: publicOnly).map { (row.article.id, $0) }
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
