import BylineCore
import Foundation
import PostgresNIO

/// Kill notices, read from the audit entries the kills wrote (`auditLog_kills`).
extension PostgresNewsStore {
    public func killNotice(_ id: ArticleID) async throws -> KillNotice? {
        try await read { [logger] connection in
            try await connection.rows("""
                SELECT article.id, article.headline, auditLog.at, auditLog.detail FROM article
                JOIN auditLog ON auditLog.articleId = article.id AND auditLog.action = 'kill'
                WHERE article.id = \(id.rawValue) AND article.status = 'killed'
                ORDER BY auditLog.at DESC LIMIT 1
                """, logger: logger).map(Self.killNotice).first
        }
    }

    public func kills(page: PageRequest) async throws -> Page<KillNotice> {
        try await read { [logger] connection in
            let rows: [KillNotice]
            if let after = page.after {
                rows = try await connection.rows("""
                    SELECT article.id, article.headline, auditLog.at, auditLog.detail FROM auditLog
                    JOIN article ON article.id = auditLog.articleId AND article.status = 'killed'
                    WHERE auditLog.action = 'kill' AND (auditLog.at, article.id) < (\(after.key), \(after.id))
                    ORDER BY auditLog.at DESC, article.id DESC LIMIT \(Int64(page.limit + 1))
                    """, logger: logger).map(Self.killNotice)
            } else {
                rows = try await connection.rows("""
                    SELECT article.id, article.headline, auditLog.at, auditLog.detail FROM auditLog
                    JOIN article ON article.id = auditLog.articleId AND article.status = 'killed'
                    WHERE auditLog.action = 'kill'
                    ORDER BY auditLog.at DESC, article.id DESC LIMIT \(Int64(page.limit + 1))
                    """, logger: logger).map(Self.killNotice)
            }
            let (shown, next) = page.cut(rows) { PageCursor(kind: .time, key: $0.killedAt.milliseconds, id: $0.id.rawValue) }
            return Page(items: shown, next: next)
        }
    }

    private static func killNotice(_ row: PostgresRow) throws -> KillNotice {
        let (id, headline, at, reason) = try row.decode((Int64, String, Int64, String).self)
        return KillNotice(id: ArticleID(rawValue: id), headline: headline, killedAt: Date(milliseconds: at), reason: reason)
    }
}
