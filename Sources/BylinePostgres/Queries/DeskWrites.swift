import BylineCore
import Foundation
import Logging
import PostgresNIO

/// The trash, autosaves and top-story pins.
extension PostgresNewsStore {
    public func trash(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await write { [logger] connection in
            // Whatever was public stops being so; restoring brings it back unpublished, for an editor to decide.
            let rows = try await connection.rows("""
                UPDATE article SET trashedAt = \(now.milliseconds), version = version + 1, updatedAt = \(now.milliseconds),
                    status = CASE WHEN status IN ('published', 'scheduled') THEN 'unpublished' ELSE status END
                WHERE id = \(id.rawValue) AND trashedAt IS NULL
                RETURNING id
                """, logger: logger)
            guard !rows.isEmpty else { throw BylineError.notFound }
            try await connection.run("DELETE FROM topStoryPin WHERE articleId = \(id.rawValue)", logger: logger)
            try await Self.audit(id.rawValue, .trash, detail: "", by: user, at: now, connection: connection, logger: logger)
        }
    }

    public func restore(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await write { [logger] connection in
            let rows = try await connection.rows("""
                UPDATE article SET trashedAt = NULL, version = version + 1, updatedAt = \(now.milliseconds)
                WHERE id = \(id.rawValue) AND trashedAt IS NOT NULL
                RETURNING id
                """, logger: logger)
            guard !rows.isEmpty else { throw BylineError.notFound }
            try await Self.audit(id.rawValue, .restore, detail: "", by: user, at: now, connection: connection, logger: logger)
        }
    }

    public func trashed() async throws -> [DraftSummary] {
        try await read { [logger] connection in
            try await connection.rows("""
                SELECT \(unescaped: ArticleRow.columns) FROM article WHERE trashedAt IS NOT NULL
                ORDER BY trashedAt DESC, id DESC LIMIT 500
                """, logger: logger).compactMap { row -> DraftSummary? in
                let record = try ArticleRow(row)
                guard let status = ArticleStatus(rawValue: record.status) else { return nil }
                return DraftSummary(
                    id: ArticleID(rawValue: record.id), headline: record.headline, status: status,
                    sectionID: SectionID(rawValue: record.sectionId), authorNames: [],
                    publishedAt: record.publishedAt.map(Date.init(milliseconds:)), updatedAt: Date(milliseconds: record.updatedAt))
            }
        }
    }

    public func emptyTrash(before cutoff: Date) async throws -> Int {
        try await write { [logger] connection in
            try await connection.rows("""
                DELETE FROM article WHERE trashedAt IS NOT NULL AND trashedAt < \(cutoff.milliseconds) RETURNING id
                """, logger: logger).count
        }
    }

    public func tidy(asOf now: Date) async throws -> Int {
        try await write { [logger] connection in
            try await ArticlePageData.tidy(asOf: now.milliseconds, connection: connection, logger: logger)
        }
    }

    public func autosave(_ id: ArticleID, fields: String, by user: User, at now: Date) async throws {
        try await write { [logger] connection in
            try await connection.run("""
                INSERT INTO autosave (articleId, userId, fields, savedAt)
                VALUES (\(id.rawValue), \(user.id.rawValue), \(fields), \(now.milliseconds))
                ON CONFLICT (articleId, userId) DO UPDATE SET fields = excluded.fields, savedAt = excluded.savedAt
                """, logger: logger)
        }
    }

    public func autosaved(_ id: ArticleID, by user: User) async throws -> (fields: String, at: Date)? {
        let found = try await read { [logger] connection -> (String, Int64)? in
            try await connection.rows("""
                SELECT fields, savedAt FROM autosave WHERE articleId = \(id.rawValue) AND userId = \(user.id.rawValue)
                """, logger: logger).first.map { try $0.decode((String, Int64).self) }
        }
        return found.map { (fields: $0.0, at: Date(milliseconds: $0.1)) }
    }

    public func discardAutosave(_ id: ArticleID, by user: User) async throws {
        try await write { [logger] connection in
            try await connection.run("""
                DELETE FROM autosave WHERE articleId = \(id.rawValue) AND userId = \(user.id.rawValue)
                """, logger: logger)
        }
    }

    public func pin(_ id: ArticleID, position: Int, until: Date, by user: User, at now: Date) async throws {
        try await write { [logger] connection in
            guard try await !connection.rows("SELECT id FROM article WHERE id = \(id.rawValue)", logger: logger).isEmpty else {
                throw BylineError.notFound
            }
            try await connection.run("""
                INSERT INTO topStoryPin (articleId, position, until) VALUES (\(id.rawValue), \(Int64(position)), \(until.milliseconds))
                ON CONFLICT (articleId) DO UPDATE SET position = excluded.position, until = excluded.until
                """, logger: logger)
            try await Self.audit(
                id.rawValue, .pin, detail: "\(position)번째 · \(KoreanTime.listStamp(until))까지", by: user, at: now,
                connection: connection, logger: logger)
        }
    }

    public func unpin(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await write { [logger] connection in
            let removed = try await connection.rows("DELETE FROM topStoryPin WHERE articleId = \(id.rawValue) RETURNING articleId", logger: logger)
            if !removed.isEmpty {
                try await Self.audit(id.rawValue, .unpin, detail: "", by: user, at: now, connection: connection, logger: logger)
            }
        }
    }

    public func topStoryPin(_ id: ArticleID) async throws -> (position: Int, until: Date)? {
        let found = try await read { [logger] connection -> (Int64, Int64)? in
            try await connection.rows("SELECT position, until FROM topStoryPin WHERE articleId = \(id.rawValue)", logger: logger)
                .first.map { try $0.decode((Int64, Int64).self) }
        }
        return found.map { (position: Int($0.0), until: Date(milliseconds: $0.1)) }
    }
}
