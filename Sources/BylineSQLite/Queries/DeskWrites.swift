import BylineCore
import Foundation
import GRDB

/// The trash, autosaves and top-story pins.
extension SQLiteNewsStore {
    public func trash(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await write { db in
            // Whatever was public stops being so; restoring brings it back unpublished, for an editor to decide.
            try db.execute(literal: """
                UPDATE article SET trashedAt = \(now.milliseconds), version = version + 1, updatedAt = \(now.milliseconds),
                    status = CASE WHEN status IN ('published', 'scheduled') THEN 'unpublished' ELSE status END
                WHERE id = \(id.rawValue) AND trashedAt IS NULL
                """)
            guard db.changesCount > 0 else { throw BylineError.notFound }
            try db.execute(literal: "DELETE FROM topStoryPin WHERE articleId = \(id.rawValue)")
            try Self.audit(id.rawValue, .trash, detail: "", by: user, at: now, db: db)
        }
    }

    public func restore(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await write { db in
            try db.execute(literal: """
                UPDATE article SET trashedAt = NULL, version = version + 1, updatedAt = \(now.milliseconds)
                WHERE id = \(id.rawValue) AND trashedAt IS NOT NULL
                """)
            guard db.changesCount > 0 else { throw BylineError.notFound }
            try Self.audit(id.rawValue, .restore, detail: "", by: user, at: now, db: db)
        }
    }

    public func trashed() async throws -> [DraftSummary] {
        try await read { db in
            try SQLRequest<ArticleRecord>(literal: """
                SELECT * FROM article WHERE trashedAt IS NOT NULL ORDER BY trashedAt DESC, id DESC LIMIT 500
                """).fetchAll(db).compactMap { record in
                guard let id = record.id, let status = ArticleStatus(rawValue: record.status) else { return nil }
                return DraftSummary(
                    id: ArticleID(rawValue: id), headline: record.headline, status: status, sectionID: SectionID(rawValue: record.sectionId),
                    authorNames: [], publishedAt: record.publishedAt.map(Date.init(milliseconds:)), updatedAt: Date(milliseconds: record.updatedAt))
            }
        }
    }

    public func emptyTrash(before cutoff: Date) async throws -> Int {
        try await write { db in
            try db.execute(literal: "DELETE FROM article WHERE trashedAt IS NOT NULL AND trashedAt < \(cutoff.milliseconds)")
            return db.changesCount
        }
    }

    /// Nothing to tidy: SQLite reads an article page whole fast enough that nothing is kept.
    public func tidy(asOf now: Date) async throws -> Int { 0 }

    public func autosave(_ id: ArticleID, fields: String, by user: User, at now: Date) async throws {
        try await write { db in
            try db.execute(literal: """
                INSERT INTO autosave (articleId, userId, fields, savedAt) VALUES (\(id.rawValue), \(user.id.rawValue), \(fields), \(now.milliseconds))
                ON CONFLICT (articleId, userId) DO UPDATE SET fields = excluded.fields, savedAt = excluded.savedAt
                """)
        }
    }

    public func autosaved(_ id: ArticleID, by user: User) async throws -> (fields: String, at: Date)? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT fields, savedAt FROM autosave WHERE articleId = ? AND userId = ?",
                             arguments: [id.rawValue, user.id.rawValue])
                .map { ($0["fields"], Date(milliseconds: $0["savedAt"])) }
        }
    }

    public func discardAutosave(_ id: ArticleID, by user: User) async throws {
        try await write { db in
            try db.execute(literal: "DELETE FROM autosave WHERE articleId = \(id.rawValue) AND userId = \(user.id.rawValue)")
        }
    }

    public func pin(_ id: ArticleID, position: Int, until: Date, by user: User, at now: Date) async throws {
        try await write { db in
            guard try Int64.fetchOne(db, sql: "SELECT id FROM article WHERE id = ?", arguments: [id.rawValue]) != nil else {
                throw BylineError.notFound
            }
            try db.execute(literal: """
                INSERT INTO topStoryPin (articleId, position, until) VALUES (\(id.rawValue), \(position), \(until.milliseconds))
                ON CONFLICT (articleId) DO UPDATE SET position = excluded.position, until = excluded.until
                """)
            try Self.audit(id.rawValue, .pin, detail: "\(position)번째 · \(KoreanTime.listStamp(until))까지", by: user, at: now, db: db)
        }
    }

    public func unpin(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await write { db in
            try db.execute(literal: "DELETE FROM topStoryPin WHERE articleId = \(id.rawValue)")
            if db.changesCount > 0 { try Self.audit(id.rawValue, .unpin, detail: "", by: user, at: now, db: db) }
        }
    }

    public func topStoryPin(_ id: ArticleID) async throws -> (position: Int, until: Date)? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT position, until FROM topStoryPin WHERE articleId = ?", arguments: [id.rawValue])
                .map { ($0["position"], Date(milliseconds: $0["until"])) }
        }
    }
}
