import BylineCore
import Foundation
import Logging
import PostgresNIO

/// The workflow's writes, each one transaction with its audit entry (and a revision for content).
extension PostgresNewsStore {
    public func createDraft(_ document: ArticleDocument, embargoUntil: Date?, by user: User, at now: Date) async throws -> ArticleID {
        try await write { [logger] connection in
            try await Self.insertDraft(document, embargoUntil: embargoUntil, by: user, at: now, connection: connection, logger: logger)
        }
    }

    static func insertDraft(
        _ document: ArticleDocument, embargoUntil: Date?, by user: User, at now: Date, connection: PostgresConnection, logger: Logger
    ) async throws -> ArticleID {
        let content = document.newArticle(at: now)
        var fields = try await Self.articleFields(for: content, connection: connection, logger: logger)
        fields.status = "draft"
        fields.publishedAt = nil
        fields.createdAt = now.milliseconds
        fields.updatedAt = now.milliseconds
        let id = try await Self.insertArticle(fields, connection: connection, logger: logger)
        try await connection.run("""
            UPDATE article SET ownerId = \(user.id.rawValue), embargoUntil = \(embargoUntil?.milliseconds) WHERE id = \(id)
            """, logger: logger)
        try await Self.saveLinks(of: content, to: id, connection: connection, logger: logger)
        try await Self.keepRevision(of: id, document, by: user, at: now, connection: connection, logger: logger)
        try await Self.audit(id, .create, detail: document.headline, by: user, at: now, connection: connection, logger: logger)
        return ArticleID(rawValue: id)
    }

    public func saveDraft(
        _ id: ArticleID, _ document: ArticleDocument, embargoUntil: Date?, expectedVersion: Int, by user: User, at now: Date
    ) async throws -> Int {
        try await write { [logger] connection in
            // Locked until the transaction ends: a save on another node waits, then sees the new
            // version and gets its conflict, never an overwrite.
            let rows = try await connection.rows("""
                SELECT \(unescaped: ArticleRow.columns) FROM article WHERE id = \(id.rawValue) FOR UPDATE
                """, logger: logger)
            guard let row = rows.first, let existing = try? ArticleRow(row) else { throw BylineError.notFound }
            let version = Int(existing.version)
            guard version == expectedVersion else { throw BylineError.conflict(currentVersion: version) }
            let content = document.newArticle(at: now)
            var fields = try await Self.articleFields(for: content, connection: connection, logger: logger)
            fields.status = existing.status
            fields.externalId = existing.externalId
            fields.createdAt = existing.createdAt
            fields.updatedAt = now.milliseconds
            // Saving changes content only: times move through the workflow's own steps.
            fields.publishedAt = existing.publishedAt
            try await Self.updateArticle(id.rawValue, to: fields, connection: connection, logger: logger)
            try await connection.run("""
                UPDATE article SET version = version + 1, embargoUntil = \(embargoUntil?.milliseconds) WHERE id = \(id.rawValue)
                """, logger: logger)
            try await Self.deleteLinks(of: id.rawValue, connection: connection, logger: logger)
            try await Self.saveLinks(of: content, to: id.rawValue, connection: connection, logger: logger)
            try await Self.keepRevision(of: id.rawValue, document, by: user, at: now, connection: connection, logger: logger)
            try await Self.audit(id.rawValue, .save, detail: document.headline, by: user, at: now, connection: connection, logger: logger)
            return version + 1
        }
    }

    public func correct(_ id: ArticleID, text: String, by user: User, at now: Date) async throws {
        try await write { [logger] connection in
            let rows = try await connection.rows("""
                UPDATE article SET updatedAt = \(now.milliseconds), version = version + 1
                WHERE id = \(id.rawValue) AND status = 'published' RETURNING id
                """, logger: logger)
            guard !rows.isEmpty else { throw BylineError.notFound }
            try await connection.run("""
                INSERT INTO correction (articleId, text, editorName, at) VALUES (\(id.rawValue), \(text), \(user.name), \(now.milliseconds))
                """, logger: logger)
            try await Self.audit(id.rawValue, .correct, detail: text, by: user, at: now, connection: connection, logger: logger)
        }
    }

    /// One workflow step (`StatusChange`): the new state, and time when it sets one, and its audit entry, in one transaction.
    public func move(_ id: ArticleID, _ change: StatusChange, by user: User, at now: Date) async throws {
        try await write { [logger] connection in
            // The row stays locked until this transaction ends: another editor's step on the same
            // article waits here, then finds the state this one left.
            let rows = try await connection.rows(
                "SELECT headline, status FROM article WHERE id = \(id.rawValue) FOR UPDATE", logger: logger)
            guard let (headline, stored) = try rows.first?.decode((String, String).self), let current = ArticleStatus(rawValue: stored)
            else { throw BylineError.notFound }
            guard NewsroomPolicy.allows(change.action, from: current) else { throw BylineError.statusChanged(current) }
            var update = QueryBuilder("UPDATE article SET status = ?,", change.status.rawValue)
            if let publishedAt = change.publishedAt { update.append(" publishedAt = ?,", publishedAt.milliseconds) }
            switch change.returnNote {
            case .none: break
            case .some(.none): update.append(" returnNote = NULL,")
            case .some(.some(let note)): update.append(" returnNote = ?,", note)
            }
            update.append(" updatedAt = ?, version = version + 1 WHERE id = ?", now.milliseconds, id.rawValue)
            try await connection.run(update.query, logger: logger)
            try await Self.audit(
                id.rawValue, change.action, detail: change.detail ?? headline, by: user, at: now, connection: connection, logger: logger)
        }
    }

    public func publishDue(asOf now: Date) async throws -> [ArticleID] {
        try await write { [logger] connection in
            // One node runs this at a time, but rows another transaction holds are skipped
            // rather than waited for: they are published by that one or by the next run.
            let due = try await connection.rows("""
                SELECT id FROM article WHERE status = 'scheduled' AND publishedAt <= \(now.milliseconds)
                ORDER BY publishedAt, id FOR UPDATE SKIP LOCKED
                """, logger: logger).map { try $0.decode(Int64.self) }
            for id in due {
                try await connection.run("""
                    UPDATE article SET status = 'published', updatedAt = greatest(updatedAt, publishedAt), version = version + 1
                    WHERE id = \(id)
                    """, logger: logger)
                try await connection.run("""
                    INSERT INTO auditLog (articleId, userName, action, detail, at)
                    VALUES (\(id), '예약 출고', \(WorkflowAction.publish.rawValue), '예약 시각 도래', \(now.milliseconds))
                    """, logger: logger)
            }
            return due.map(ArticleID.init(rawValue:))
        }
    }

    /// Numbers follow on from the article's last revision; content writes lock the article
    /// row first, so two revisions of one article are never numbered at once.
    static func keepRevision(
        of id: Int64, _ document: ArticleDocument, by user: User, at now: Date, connection: PostgresConnection, logger: Logger
    ) async throws {
        let text = String(decoding: ExchangeEncoder.line(.article(document)), as: UTF8.self)
        try await connection.run("""
            INSERT INTO revision (articleId, number, document, userName, at)
            VALUES (\(id), (SELECT coalesce(max(number), 0) + 1 FROM revision WHERE articleId = \(id)), \(text), \(user.name),
                    \(now.milliseconds))
            """, logger: logger)
    }

    static func audit(
        _ id: Int64, _ action: WorkflowAction, detail: String, by user: User, at now: Date, connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.run("""
            INSERT INTO auditLog (articleId, userName, action, detail, at)
            VALUES (\(id), \(user.name), \(action.rawValue), \(String(detail.prefix(200))), \(now.milliseconds))
            """, logger: logger)
    }
}
