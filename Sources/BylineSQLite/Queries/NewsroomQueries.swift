import BylineCore
import Foundation
import GRDB

/// The newsroom's reads: articles in every state, revisions and the audit log.
extension SQLiteNewsStore {
    public func draft(_ id: ArticleID) async throws -> DraftArticle? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM article WHERE id = ?", arguments: [id.rawValue]),
                  let record = try? ArticleRecord(row: row),
                  let document = try Self.documents([record], withPlannedTimes: true, db: db).first?.document,
                  let status = ArticleStatus(rawValue: record.status)
            else { return nil }
            let corrections = try Row.fetchAll(db, sql: "SELECT * FROM correction WHERE articleId = ? ORDER BY id", arguments: [id.rawValue])
                .map { Correction(text: $0["text"], at: Date(milliseconds: $0["at"]), editorName: $0["editorName"]) }
            let owner: Int64? = row["ownerId"]
            let embargo: Int64? = row["embargoUntil"]
            let returnNote: String? = row["returnNote"]
            let trashedAt: Int64? = row["trashedAt"]
            return DraftArticle(
                id: id, document: document, status: status, version: row["version"], ownerID: owner.map(UserID.init(rawValue:)),
                embargoUntil: embargo.map(Date.init(milliseconds:)), createdAt: Date(milliseconds: record.createdAt),
                updatedAt: Date(milliseconds: record.updatedAt), corrections: corrections, returnNote: returnNote,
                trashedAt: trashedAt.map(Date.init(milliseconds:)))
        }
    }

    public func drafts(_ filter: DraftFilter, page: PageRequest) async throws -> Page<DraftSummary> {
        try await read { db in
            var sql: SQL = "SELECT article.* FROM article WHERE trashedAt IS NULL"
            if let status = filter.status { sql += " AND status = \(status.rawValue)" }
            if let sections = filter.sections { sql += " AND sectionId IN \(sections.map(\.rawValue))" }
            if let email = filter.reporterEmail {
                sql += """
                     AND id IN (SELECT articleId FROM articleAuthor JOIN reporter ON reporter.id = articleAuthor.reporterId
                                WHERE reporter.email = \(email) COLLATE NOCASE)
                    """
            }
            if let words = filter.headline?.split(separator: " ").prefix(5) {
                for word in words {
                    let pattern = "%" + word.replacingOccurrences(of: "\\", with: "\\\\")
                        .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
                    sql += " AND headline LIKE \(pattern) ESCAPE '\\'"
                }
            }
            if let after = page.after { sql += " AND (updatedAt, id) < (\(after.key), \(after.id))" }
            sql += " ORDER BY updatedAt DESC, id DESC LIMIT \(page.limit + 1)"
            let rows = try SQLRequest<Row>(literal: sql).fetchAll(db)
            let records = try rows.map { try ArticleRecord(row: $0) }
            let notes = Dictionary(rows.map { ($0["id"] as Int64, $0["returnNote"] as String?) }, uniquingKeysWith: { first, _ in first })
            let ids = records.compactMap(\.id)
            var authors: [Int64: [String]] = [:]
            for row in try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT articleAuthor.articleId AS articleId, reporter.name AS name FROM articleAuthor
                JOIN reporter ON reporter.id = articleAuthor.reporterId WHERE articleAuthor.articleId IN \(idList: ids)
                ORDER BY articleAuthor.articleId, articleAuthor.position
                """, cached: true)) {
                authors[row["articleId"], default: []].append(row["name"])
            }
            let summaries = records.prefix(page.limit).compactMap { record -> DraftSummary? in
                guard let id = record.id, let status = ArticleStatus(rawValue: record.status) else { return nil }
                return DraftSummary(
                    id: ArticleID(rawValue: id), headline: record.headline, status: status,
                    sectionID: SectionID(rawValue: record.sectionId), authorNames: authors[id] ?? [],
                    publishedAt: record.publishedAt.map(Date.init(milliseconds:)), updatedAt: Date(milliseconds: record.updatedAt),
                    returnNote: notes[id] ?? nil)
            }
            let next = records.count > page.limit
                ? summaries.last.map { PageCursor(kind: .time, key: $0.updatedAt.milliseconds, id: $0.id.rawValue) } : nil
            return Page(items: summaries, next: next)
        }
    }

    public func preview(_ id: ArticleID) async throws -> Article? {
        try await read { db in try Self.fullArticles([id.rawValue], asOf: Date(), publicOnly: false, db: db).first }
    }

    public func revisions(_ id: ArticleID) async throws -> [Revision] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM revision WHERE articleId = ? ORDER BY number", arguments: [id.rawValue])
                .compactMap { row in
                    let text: String = row["document"]
                    guard case .article(let document)? = try? ExchangeDecoder.decode(Array(text.utf8)) else { return nil }
                    return Revision(number: row["number"], at: Date(milliseconds: row["at"]), userName: row["userName"], document: document)
                }
        }
    }

    public func auditLog(_ id: ArticleID) async throws -> [AuditEntry] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM auditLog WHERE articleId = ? ORDER BY id", arguments: [id.rawValue])
                .compactMap { row in
                    guard let action = WorkflowAction(rawValue: row["action"]) else { return nil }
                    return AuditEntry(
                        at: Date(milliseconds: row["at"]), userName: row["userName"], action: action, articleID: id, detail: row["detail"])
                }
        }
    }
}
