import BylineCore
import Foundation
import Logging
import PostgresNIO

/// Live coverage: entries numbered by the coverage's sequence, so a stream resumes after a number.
extension PostgresNewsStore {
    public func liveCoverage(_ id: ArticleID, after sequence: Int64) async throws -> LiveCoverage? {
        try await read { [logger] connection in
            let found = try await connection.rows(
                "SELECT startedAt, endedAt, sequence FROM liveCoverage WHERE articleId = \(id.rawValue)", logger: logger)
            guard let coverage = found.first else { return nil }
            let (startedAt, endedAt, latest) = try coverage.decode((Int64, Int64?, Int64).self)
            let entries = try await connection.rows("""
                SELECT id, kind, body, source, photoUrl, isPinned, postedAt, correctedAt, author, sequence FROM liveEntry
                WHERE articleId = \(id.rawValue) AND sequence > \(sequence) ORDER BY postedAt DESC, id DESC
                """, logger: logger).map { row in
                let (entry, kind, body, source, photoURL, isPinned, postedAt, correctedAt, author, changed) =
                    try row.decode((Int64, String, String, String?, String?, Bool, Int64, Int64?, String, Int64).self)
                return LiveEntry(
                    id: entry, kind: LiveEntryKind(rawValue: kind) ?? .text, body: body, source: source, photoURL: photoURL,
                    isPinned: isPinned, postedAt: Date(milliseconds: postedAt), correctedAt: correctedAt.map(Date.init(milliseconds:)),
                    author: author, sequence: changed)
            }
            return LiveCoverage(
                articleID: id, startedAt: Date(milliseconds: startedAt), endedAt: endedAt.map(Date.init(milliseconds:)),
                sequence: latest, entries: entries)
        }
    }

    public func startLive(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await write { [logger] connection in
            try await Self.requirePublished(id, for: .goLive, connection: connection, logger: logger)
            let inserted = try await connection.rows("""
                INSERT INTO liveCoverage (articleId, startedAt) VALUES (\(id.rawValue), \(now.milliseconds))
                ON CONFLICT (articleId) DO NOTHING RETURNING articleId
                """, logger: logger)
            guard !inserted.isEmpty else {
                throw BylineError.invalidFields([FieldProblem(field: "live", message: "이미 라이브로 다룬 기사입니다.")])
            }
            try await Self.audit(id.rawValue, .goLive, detail: "", by: user, at: now, connection: connection, logger: logger)
        }
    }

    public func addLiveEntry(_ id: ArticleID, _ entry: NewLiveEntry, by user: User, at now: Date) async throws -> LiveEntry {
        try await write { [logger] connection in
            try await Self.requirePublished(id, for: .liveEntry, connection: connection, logger: logger)
            let sequence = try await Self.nextLiveChange(of: id, connection: connection, logger: logger)
            let rows = try await connection.rows("""
                INSERT INTO liveEntry (articleId, kind, body, source, photoUrl, isPinned, postedAt, author, sequence)
                VALUES (\(id.rawValue), \(entry.kind.rawValue), \(entry.body), \(entry.source), \(entry.photoURL), \(entry.isPinned),
                        \(now.milliseconds), \(user.name), \(sequence))
                RETURNING id
                """, logger: logger)
            let entryID = try rows.first?.decode(Int64.self) ?? 0
            try await Self.audit(id.rawValue, .liveEntry, detail: entry.body, by: user, at: now, connection: connection, logger: logger)
            return LiveEntry(
                id: entryID, kind: entry.kind, body: entry.body, source: entry.source, photoURL: entry.photoURL, isPinned: entry.isPinned,
                postedAt: now, correctedAt: nil, author: user.name, sequence: sequence)
        }
    }

    public func editLiveEntry(_ id: ArticleID, entry: Int64, _ edit: LiveEntryEdit, by user: User, at now: Date) async throws {
        try await write { [logger] connection in
            let found = try await connection.rows("""
                SELECT article.status FROM liveEntry JOIN article ON article.id = liveEntry.articleId
                WHERE liveEntry.id = \(entry) AND liveEntry.articleId = \(id.rawValue)
                """, logger: logger)
            guard let status = try found.first?.decode(String.self) else { throw BylineError.notFound }
            guard status != "killed" else { throw BylineError.statusChanged(.killed) }
            // Numbered from the coverage even when it has ended: a correction still reaches readers.
            let numbered = try await connection.rows("""
                UPDATE liveCoverage SET sequence = sequence + 1 WHERE articleId = \(id.rawValue) RETURNING sequence
                """, logger: logger)
            let sequence = try numbered.first?.decode(Int64.self) ?? 0
            switch edit {
            case .correct(let text):
                try await connection.run("""
                    UPDATE liveEntry SET body = \(text), correctedAt = \(now.milliseconds), sequence = \(sequence) WHERE id = \(entry)
                    """, logger: logger)
                try await Self.audit(id.rawValue, .liveEntry, detail: "정정: \(text)", by: user, at: now, connection: connection, logger: logger)
            case .pin(let pinned):
                try await connection.run(
                    "UPDATE liveEntry SET isPinned = \(pinned), sequence = \(sequence) WHERE id = \(entry)", logger: logger)
                try await Self.audit(
                    id.rawValue, .liveEntry, detail: pinned ? "핵심 고정" : "핵심 고정 해제", by: user, at: now, connection: connection, logger: logger)
            }
        }
    }

    public func endLive(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await write { [logger] connection in
            try await Self.requirePublished(id, for: .endLive, connection: connection, logger: logger)
            _ = try await Self.nextLiveChange(of: id, connection: connection, logger: logger)
            try await connection.run(
                "UPDATE liveCoverage SET endedAt = \(now.milliseconds) WHERE articleId = \(id.rawValue)", logger: logger)
            try await Self.audit(id.rawValue, .endLive, detail: "", by: user, at: now, connection: connection, logger: logger)
        }
    }

    public func ongoingLive() async throws -> [OngoingLive] {
        try await read { [logger] connection in
            try await connection.rows("""
                SELECT article.id, article.headline, liveCoverage.startedAt,
                       (SELECT count(*) FROM liveEntry WHERE liveEntry.articleId = article.id)
                FROM liveCoverage JOIN article ON article.id = liveCoverage.articleId
                WHERE liveCoverage.endedAt IS NULL AND article.status = 'published'
                ORDER BY liveCoverage.startedAt DESC
                """, logger: logger).map { row in
                let (id, headline, startedAt, entries) = try row.decode((Int64, String, Int64, Int64).self)
                return OngoingLive(id: ArticleID(rawValue: id), headline: headline, startedAt: Date(milliseconds: startedAt), entryCount: Int(entries))
            }
        }
    }

    /// Refuses a live step unless the article is published (`.statusChanged` naming its state);
    /// the article stays locked until the transaction ends.
    static func requirePublished(_ id: ArticleID, for action: WorkflowAction, connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.rows("SELECT status FROM article WHERE id = \(id.rawValue) FOR UPDATE", logger: logger)
        guard let stored = try rows.first?.decode(String.self), let status = ArticleStatus(rawValue: stored) else {
            throw BylineError.notFound
        }
        guard NewsroomPolicy.allows(action, from: status) else { throw BylineError.statusChanged(status) }
    }

    /// The next number of a coverage that is live; refuses one never started or already ended.
    static func nextLiveChange(of id: ArticleID, connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let rows = try await connection.rows("""
            SELECT endedAt FROM liveCoverage WHERE articleId = \(id.rawValue) FOR UPDATE
            """, logger: logger)
        guard let coverage = rows.first else {
            throw BylineError.invalidFields([FieldProblem(field: "live", message: "라이브로 다루는 기사가 아닙니다.")])
        }
        guard try coverage.decode(Int64?.self) == nil else {
            throw BylineError.invalidFields([FieldProblem(field: "live", message: "라이브가 이미 끝났습니다.")])
        }
        let numbered = try await connection.rows("""
            UPDATE liveCoverage SET sequence = sequence + 1 WHERE articleId = \(id.rawValue) RETURNING sequence
            """, logger: logger)
        return try numbered.first?.decode(Int64.self) ?? 0
    }
}
