import BylineCore
import Foundation
import Logging
import PostgresNIO

/// The newsroom's reads: articles in every state, revisions and the audit log.
extension PostgresNewsStore {
    public func draft(_ id: ArticleID) async throws -> DraftArticle? {
        try await read { [logger] connection in
            let rows = try await connection.rows("""
                SELECT \(unescaped: ArticleRow.columns) FROM article WHERE id = \(id.rawValue)
                """, logger: logger)
            guard let row = rows.first, let record = try? ArticleRow(row),
                  let document = try await Self.documents([record], withPlannedTimes: true, connection: connection, logger: logger)
                      .first?.document,
                  let status = ArticleStatus(rawValue: record.status)
            else { return nil }
            let corrections = try await connection.rows("""
                SELECT text, at, editorName FROM correction WHERE articleId = \(id.rawValue) ORDER BY id
                """, logger: logger).map { row in
                let (text, at, editorName) = try row.decode((String, Int64, String).self)
                return Correction(text: text, at: Date(milliseconds: at), editorName: editorName)
            }
            return DraftArticle(
                id: id, document: document, status: status, version: Int(record.version),
                ownerID: record.ownerId.map(UserID.init(rawValue:)), embargoUntil: record.embargoUntil.map(Date.init(milliseconds:)),
                createdAt: Date(milliseconds: record.createdAt), updatedAt: Date(milliseconds: record.updatedAt),
                corrections: corrections, returnNote: record.returnNote, trashedAt: record.trashedAt.map(Date.init(milliseconds:)))
        }
    }

    public func drafts(_ filter: DraftFilter, page: PageRequest) async throws -> Page<DraftSummary> {
        try await read { [logger] connection in
            // The columns a row of the desk's list shows, not the bodies.
            let rows = try await connection.rows(Self.draftsQuery(filter, page: page).query, logger: logger).map {
                try $0.decode((Int64, String, String, Int64, Int64?, Int64, String?).self)
            }
            let ids = rows.map(\.0)
            var authors: [Int64: [String]] = [:]
            for row in try await connection.rows("""
                SELECT articleAuthor.articleId, reporter.name FROM articleAuthor
                JOIN reporter ON reporter.id = articleAuthor.reporterId WHERE articleAuthor.articleId = ANY(\(ids))
                ORDER BY articleAuthor.articleId, articleAuthor.position
                """, logger: logger) {
                let (articleID, name) = try row.decode((Int64, String).self)
                authors[articleID, default: []].append(name)
            }
            let summaries = rows.prefix(page.limit).compactMap { row -> DraftSummary? in
                let (id, headline, status, sectionID, publishedAt, updatedAt, returnNote) = row
                guard let status = ArticleStatus(rawValue: status) else { return nil }
                return DraftSummary(
                    id: ArticleID(rawValue: id), headline: headline, status: status, sectionID: SectionID(rawValue: sectionID),
                    authorNames: authors[id] ?? [], publishedAt: publishedAt.map(Date.init(milliseconds:)),
                    updatedAt: Date(milliseconds: updatedAt), returnNote: returnNote)
            }
            let next = rows.count > page.limit
                ? summaries.last.map { PageCursor(kind: .time, key: $0.updatedAt.milliseconds, id: $0.id.rawValue) } : nil
            return Page(items: summaries, next: next)
        }
    }

    /// The newsroom list's rows, newest change first, one more than the page to tell if another follows.
    private static func draftsQuery(_ filter: DraftFilter, page: PageRequest) -> QueryBuilder {
        var query = QueryBuilder("SELECT id, headline, status, sectionId, publishedAt, updatedAt, returnNote FROM article WHERE trashedAt IS NULL")
        if let status = filter.status { query.append(" AND status = ?", status.rawValue) }
        if let sections = filter.sections { query.append(" AND sectionId = ANY(?)", sections.map(\.rawValue)) }
        if let email = filter.reporterEmail {
            query.append("""
                 AND id IN (SELECT articleId FROM articleAuthor JOIN reporter ON reporter.id = articleAuthor.reporterId
                            WHERE lower(reporter.email) = lower(?))
                """, email)
        }
        if let words = filter.headline?.split(separator: " ").prefix(5) {
            for word in words {
                let pattern = "%" + word.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
                // SQLite's LIKE ignores the case of ASCII letters only: both sides are folded
                // the same way here, leaving every other character as it is.
                query.append(" AND translate(headline, ?, ?) LIKE translate(?, ?, ?) ESCAPE '\\'",
                             asciiUpper, asciiLower, pattern, asciiUpper, asciiLower)
            }
        }
        if let after = page.after { query.append(" AND (updatedAt, id) < (?, ?)", after.key, after.id) }
        query.append(" ORDER BY updatedAt DESC, id DESC LIMIT ?", Int64(page.limit + 1))
        return query
    }

    private static let asciiUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    private static let asciiLower = "abcdefghijklmnopqrstuvwxyz"

    public func preview(_ id: ArticleID) async throws -> Article? {
        try await read { [logger] connection in
            try await Self.fullArticles([id.rawValue], asOf: Date(), publicOnly: false, connection: connection, logger: logger).first
        }
    }

    public func revisions(_ id: ArticleID) async throws -> [Revision] {
        try await read { [logger] connection in
            try await connection.rows("""
                SELECT number, at, userName, document FROM revision WHERE articleId = \(id.rawValue) ORDER BY number
                """, logger: logger).compactMap { row -> Revision? in
                let (number, at, userName, text) = try row.decode((Int64, Int64, String, String).self)
                guard case .article(let document)? = try? ExchangeDecoder.decode(Array(text.utf8)) else { return nil }
                return Revision(number: Int(number), at: Date(milliseconds: at), userName: userName, document: document)
            }
        }
    }

    public func auditLog(_ id: ArticleID) async throws -> [AuditEntry] {
        try await read { [logger] connection in
            try await connection.rows("""
                SELECT at, userName, action, detail FROM auditLog WHERE articleId = \(id.rawValue) ORDER BY id
                """, logger: logger).compactMap { row -> AuditEntry? in
                let (at, userName, action, detail) = try row.decode((Int64, String, String, String).self)
                guard let action = WorkflowAction(rawValue: action) else { return nil }
                return AuditEntry(at: Date(milliseconds: at), userName: userName, action: action, articleID: id, detail: detail)
            }
        }
    }
}
