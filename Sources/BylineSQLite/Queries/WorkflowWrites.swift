import BylineCore
import Foundation
import GRDB

/// The workflow's writes, each one transaction with its audit entry (and a revision for content).
extension SQLiteNewsStore {
    public func createDraft(_ document: ArticleDocument, embargoUntil: Date?, by user: User, at now: Date) async throws -> ArticleID {
        try await write { db in try Self.insertDraft(document, embargoUntil: embargoUntil, by: user, at: now, db: db) }
    }

    static func insertDraft(_ document: ArticleDocument, embargoUntil: Date?, by user: User, at now: Date, db: Database) throws -> ArticleID {
        let content = document.newArticle(at: now)
        var record = try Self.record(for: content, db: db)
        record.status = "draft"
        record.publishedAt = nil
        record.createdAt = now.milliseconds
        record.updatedAt = now.milliseconds
        record.ownerId = user.id.rawValue
        record.embargoUntil = embargoUntil?.milliseconds
        try record.insert(db)
        let id = record.id ?? 0
        try Self.saveLinks(of: content, to: id, db: db)
        try Self.keepRevision(of: id, document, by: user, at: now, db: db)
        try Self.audit(id, .create, detail: document.headline, by: user, at: now, db: db)
        return ArticleID(rawValue: id)
    }

    public func saveDraft(
        _ id: ArticleID, _ document: ArticleDocument, embargoUntil: Date?, expectedVersion: Int, by user: User, at now: Date
    ) async throws -> Int {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM article WHERE id = ?", arguments: [id.rawValue]),
                  let existing = try? ArticleRecord(row: row)
            else { throw BylineError.notFound }
            let version: Int = row["version"]
            guard version == expectedVersion else { throw BylineError.conflict(currentVersion: version) }
            let content = document.newArticle(at: now)
            var record = try Self.record(for: content, db: db)
            record.id = existing.id
            record.status = existing.status
            record.externalId = existing.externalId
            record.createdAt = existing.createdAt
            record.updatedAt = now.milliseconds
            // Saving changes content only: times move through the workflow's own steps.
            record.publishedAt = existing.publishedAt
            record.ownerId = existing.ownerId
            record.embargoUntil = embargoUntil?.milliseconds
            try record.update(db)
            try db.execute(literal: "UPDATE article SET version = version + 1 WHERE id = \(id.rawValue)")
            for table in ["articleAuthor", "articleTag", "photo"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE articleId = ?", arguments: [id.rawValue])
            }
            try Self.saveLinks(of: content, to: id.rawValue, db: db)
            try Self.keepRevision(of: id.rawValue, document, by: user, at: now, db: db)
            try Self.audit(id.rawValue, .save, detail: document.headline, by: user, at: now, db: db)
            return version + 1
        }
    }

    public func correct(_ id: ArticleID, text: String, by user: User, at now: Date) async throws {
        try await write { db in
            try db.execute(literal: """
                UPDATE article SET updatedAt = \(now.milliseconds), version = version + 1 WHERE id = \(id.rawValue) AND status = 'published'
                """)
            guard db.changesCount > 0 else { throw BylineError.notFound }
            try db.execute(literal: """
                INSERT INTO correction (articleId, text, editorName, at) VALUES (\(id.rawValue), \(text), \(user.name), \(now.milliseconds))
                """)
            try Self.audit(id.rawValue, .correct, detail: text, by: user, at: now, db: db)
        }
    }

    /// One workflow step (`StatusChange`): the new state, and time when it sets one, and its audit entry, in one transaction.
    public func move(_ id: ArticleID, _ change: StatusChange, by user: User, at now: Date) async throws {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT headline, status FROM article WHERE id = ?", arguments: [id.rawValue]),
                  let current = ArticleStatus(rawValue: row["status"])
            else { throw BylineError.notFound }
            // Checked again where it is written: another editor may have moved it since the
            // newsroom read it, and SQLite runs one write transaction at a time.
            guard NewsroomPolicy.allows(change.action, from: current) else { throw BylineError.statusChanged(current) }
            let headline: String = row["headline"]
            let time: SQL = change.publishedAt.map { "publishedAt = \($0.milliseconds)," } ?? ""
            let note: SQL = change.returnNote.map { "returnNote = \($0)," } ?? ""
            try db.execute(literal: """
                UPDATE article SET status = \(change.status.rawValue), \(time) \(note) updatedAt = \(now.milliseconds), version = version + 1
                WHERE id = \(id.rawValue)
                """)
            try Self.audit(id.rawValue, change.action, detail: change.detail ?? headline, by: user, at: now, db: db)
        }
    }

    public func publishDue(asOf now: Date) async throws -> [ArticleID] {
        try await write { db in
            // Asked every second: prepared once per connection.
            let due = try Int64.fetchAll(db.prepared("""
                SELECT id FROM article WHERE status = 'scheduled' AND publishedAt <= ? ORDER BY publishedAt
                """, [now.milliseconds]))
            for id in due {
                try db.execute(literal: """
                    UPDATE article SET status = 'published', updatedAt = max(updatedAt, publishedAt), version = version + 1
                    WHERE id = \(id)
                    """)
                try db.execute(literal: """
                    INSERT INTO auditLog (articleId, userName, action, detail, at)
                    VALUES (\(id), '예약 출고', \(WorkflowAction.publish.rawValue), '예약 시각 도래', \(now.milliseconds))
                    """)
            }
            return due.map(ArticleID.init(rawValue:))
        }
    }

    static func keepRevision(of id: Int64, _ document: ArticleDocument, by user: User, at now: Date, db: Database) throws {
        let text = String(decoding: ExchangeEncoder.line(.article(document)), as: UTF8.self)
        try db.execute(literal: """
            INSERT INTO revision (articleId, number, document, userName, at)
            VALUES (\(id), (SELECT coalesce(max(number), 0) + 1 FROM revision WHERE articleId = \(id)), \(text), \(user.name), \(now.milliseconds))
            """)
    }

    static func audit(_ id: Int64, _ action: WorkflowAction, detail: String, by user: User, at now: Date, db: Database) throws {
        try db.execute(literal: """
            INSERT INTO auditLog (articleId, userName, action, detail, at)
            VALUES (\(id), \(user.name), \(action.rawValue), \(String(detail.prefix(200))), \(now.milliseconds))
            """)
    }
}
