import BylineCore
import Foundation
import GRDB

/// Kill notices, read from the audit entries the kills wrote (`auditLog_kills`).
extension SQLiteNewsStore {
    public func killNotice(_ id: ArticleID) async throws -> KillNotice? {
        try await read { db in
            try Row.fetchOne(db, SQLRequest<Row>(literal: """
                SELECT article.id, article.headline, auditLog.at, auditLog.detail FROM article
                JOIN auditLog ON auditLog.articleId = article.id AND auditLog.action = 'kill'
                WHERE article.id = \(id.rawValue) AND article.status = 'killed'
                ORDER BY auditLog.at DESC LIMIT 1
                """)).map(Self.killNotice)
        }
    }

    public func kills(page: PageRequest) async throws -> Page<KillNotice> {
        try await read { db in
            var text: SQL = """
                SELECT article.id, article.headline, auditLog.at, auditLog.detail FROM auditLog
                JOIN article ON article.id = auditLog.articleId AND article.status = 'killed'
                WHERE auditLog.action = 'kill'
                """
            if let after = page.after { text.append(literal: " AND (auditLog.at, article.id) < (\(after.key), \(after.id))") }
            text.append(literal: " ORDER BY auditLog.at DESC, article.id DESC LIMIT \(page.limit + 1)")
            let rows = try Row.fetchAll(db, SQLRequest<Row>(literal: text)).map(Self.killNotice)
            let (shown, next) = page.cut(rows) { PageCursor(kind: .time, key: $0.killedAt.milliseconds, id: $0.id.rawValue) }
            return Page(items: shown, next: next)
        }
    }

    private static func killNotice(_ row: Row) -> KillNotice {
        KillNotice(id: ArticleID(rawValue: row[0]), headline: row[1], killedAt: Date(milliseconds: row[2]), reason: row[3])
    }
}
