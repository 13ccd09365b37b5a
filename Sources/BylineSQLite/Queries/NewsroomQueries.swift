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
            // The columns a row of the desk's list shows, not the bodies: `article.*` read and
            // decoded thirty bodies and their HTML on every view of the list.
            var text = StatementText("""
                SELECT id, headline, status, sectionId, publishedAt, updatedAt, returnNote FROM article WHERE trashedAt IS NULL
                """)
            if let status = filter.status { text.append(" AND status = ?", [status.rawValue]) }
            if let sections = filter.sections {
                text.append(" AND sectionId IN ")
                text.appendList(sections.map(\.rawValue))
            }
            if let email = filter.reporterEmail {
                text.append("""
                     AND id IN (SELECT articleId FROM articleAuthor JOIN reporter ON reporter.id = articleAuthor.reporterId
                                WHERE reporter.email = ? COLLATE NOCASE)
                    """, [email])
            }
            if let words = filter.headline?.split(separator: " ").prefix(5) {
                for word in words {
                    let pattern = "%" + word.replacingOccurrences(of: "\\", with: "\\\\")
                        .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
                    text.append(" AND headline LIKE ? ESCAPE '\\'", [pattern])
                }
            }
            if let after = page.after { text.append(" AND (updatedAt, id) < (?, ?)", [after.key, after.id]) }
            text.append(" ORDER BY updatedAt DESC, id DESC LIMIT ?", [page.limit + 1])
            let rows = try Row.fetchAll(db.prepared(text))
            let ids: [Int64] = rows.map { $0[0] }
            var authors: [Int64: [String]] = [:]
            if !ids.isEmpty {
                for row in try Row.fetchAll(db.prepared("""
                    SELECT articleAuthor.articleId, reporter.name FROM json_each(?) AS wanted
                    CROSS JOIN articleAuthor ON articleAuthor.articleId = wanted.value
                    JOIN reporter ON reporter.id = articleAuthor.reporterId
                    ORDER BY articleAuthor.articleId, articleAuthor.position
                    """, [idTableArgument(ids)])) {
                    authors[row[0], default: []].append(row[1])
                }
            }
            let summaries = rows.prefix(page.limit).compactMap { row -> DraftSummary? in
                guard let status = ArticleStatus(rawValue: row[2]) else { return nil }
                let id: Int64 = row[0]
                let publishedAt: Int64? = row[4]
                return DraftSummary(
                    id: ArticleID(rawValue: id), headline: row[1], status: status, sectionID: SectionID(rawValue: row[3]),
                    authorNames: authors[id] ?? [], publishedAt: publishedAt.map(Date.init(milliseconds:)),
                    updatedAt: Date(milliseconds: row[5]), returnNote: row[6])
            }
            let next = rows.count > page.limit
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
