import BylineCore
import Foundation
import GRDB

/// Live coverage: entries numbered by the coverage's sequence, so a stream resumes after a number.
extension SQLiteNewsStore {
    public func liveCoverage(_ id: ArticleID, after sequence: Int64) async throws -> LiveCoverage? {
        try await read { db in
            guard let coverage = try Row.fetchOne(db.prepared(
                "SELECT startedAt, endedAt, sequence FROM liveCoverage WHERE articleId = ?", [id.rawValue]))
            else { return nil }
            let entries = try Row.fetchAll(db.prepared("""
                SELECT id, kind, body, source, photoUrl, isPinned, postedAt, correctedAt, author, sequence FROM liveEntry
                WHERE articleId = ? AND sequence > ? ORDER BY postedAt DESC, id DESC
                """, [id.rawValue, sequence])).map { row in
                LiveEntry(
                    id: row[0], kind: LiveEntryKind(rawValue: row[1]) ?? .text, body: row[2], source: row[3], photoURL: row[4],
                    isPinned: row[5], postedAt: Date(milliseconds: row[6]), correctedAt: (row[7] as Int64?).map(Date.init(milliseconds:)),
                    author: row[8], sequence: row[9])
            }
            return LiveCoverage(
                articleID: id, startedAt: Date(milliseconds: coverage[0]), endedAt: (coverage[1] as Int64?).map(Date.init(milliseconds:)),
                sequence: coverage[2], entries: entries)
        }
    }

    public func startLive(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await write { db in
            try Self.requirePublished(id, for: .goLive, db: db)
            guard try Int64.fetchOne(db, sql: "SELECT articleId FROM liveCoverage WHERE articleId = ?", arguments: [id.rawValue]) == nil else {
                throw BylineError.invalidFields([FieldProblem(field: "live", message: "이미 라이브로 다룬 기사입니다.")])
            }
            try db.execute(sql: "INSERT INTO liveCoverage (articleId, startedAt) VALUES (?, ?)", arguments: [id.rawValue, now.milliseconds])
            try Self.audit(id.rawValue, .goLive, detail: "", by: user, at: now, db: db)
        }
    }

    public func addLiveEntry(_ id: ArticleID, _ entry: NewLiveEntry, by user: User, at now: Date) async throws -> LiveEntry {
        try await write { db in
            try Self.requirePublished(id, for: .liveEntry, db: db)
            let sequence = try Self.nextLiveChange(of: id, db: db)
            try db.execute(sql: """
                INSERT INTO liveEntry (articleId, kind, body, source, photoUrl, isPinned, postedAt, author, sequence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    id.rawValue, entry.kind.rawValue, entry.body, entry.source, entry.photoURL, entry.isPinned, now.milliseconds,
                    user.name, sequence,
                ])
            let entryID = db.lastInsertedRowID
            try Self.audit(id.rawValue, .liveEntry, detail: entry.body, by: user, at: now, db: db)
            return LiveEntry(
                id: entryID, kind: entry.kind, body: entry.body, source: entry.source, photoURL: entry.photoURL, isPinned: entry.isPinned,
                postedAt: now, correctedAt: nil, author: user.name, sequence: sequence)
        }
    }

    public func editLiveEntry(_ id: ArticleID, entry: Int64, _ edit: LiveEntryEdit, by user: User, at now: Date) async throws {
        try await write { db in
            guard try Int64.fetchOne(db, sql: "SELECT id FROM liveEntry WHERE id = ? AND articleId = ?", arguments: [entry, id.rawValue]) != nil
            else { throw BylineError.notFound }
            guard try String.fetchOne(db, sql: "SELECT status FROM article WHERE id = ?", arguments: [id.rawValue]) != "killed" else {
                throw BylineError.statusChanged(.killed)
            }
            // Numbered from the coverage even when it has ended: a correction still reaches readers.
            try db.execute(sql: "UPDATE liveCoverage SET sequence = sequence + 1 WHERE articleId = ?", arguments: [id.rawValue])
            let sequence = try Int64.fetchOne(db, sql: "SELECT sequence FROM liveCoverage WHERE articleId = ?", arguments: [id.rawValue]) ?? 0
            switch edit {
            case .correct(let text):
                try db.execute(
                    sql: "UPDATE liveEntry SET body = ?, correctedAt = ?, sequence = ? WHERE id = ?",
                    arguments: [text, now.milliseconds, sequence, entry])
                try Self.audit(id.rawValue, .liveEntry, detail: "정정: \(text)", by: user, at: now, db: db)
            case .pin(let pinned):
                try db.execute(sql: "UPDATE liveEntry SET isPinned = ?, sequence = ? WHERE id = ?", arguments: [pinned, sequence, entry])
                try Self.audit(id.rawValue, .liveEntry, detail: pinned ? "핵심 고정" : "핵심 고정 해제", by: user, at: now, db: db)
            }
        }
    }

    public func endLive(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await write { db in
            try Self.requirePublished(id, for: .endLive, db: db)
            _ = try Self.nextLiveChange(of: id, db: db)
            try db.execute(sql: "UPDATE liveCoverage SET endedAt = ? WHERE articleId = ?", arguments: [now.milliseconds, id.rawValue])
            try Self.audit(id.rawValue, .endLive, detail: "", by: user, at: now, db: db)
        }
    }

    public func ongoingLive() async throws -> [OngoingLive] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT article.id, article.headline, liveCoverage.startedAt,
                       (SELECT count(*) FROM liveEntry WHERE liveEntry.articleId = article.id)
                FROM liveCoverage JOIN article ON article.id = liveCoverage.articleId
                WHERE liveCoverage.endedAt IS NULL AND article.status = 'published'
                ORDER BY liveCoverage.startedAt DESC
                """).map { row in
                OngoingLive(id: ArticleID(rawValue: row[0]), headline: row[1], startedAt: Date(milliseconds: row[2]), entryCount: row[3])
            }
        }
    }

    /// Refuses a live step unless the article is published (`.statusChanged` naming its state).
    static func requirePublished(_ id: ArticleID, for action: WorkflowAction, db: Database) throws {
        guard let stored = try String.fetchOne(db, sql: "SELECT status FROM article WHERE id = ?", arguments: [id.rawValue]),
              let status = ArticleStatus(rawValue: stored)
        else { throw BylineError.notFound }
        guard NewsroomPolicy.allows(action, from: status) else { throw BylineError.statusChanged(status) }
    }

    /// The next number of a coverage that is live; refuses one never started or already ended.
    static func nextLiveChange(of id: ArticleID, db: Database) throws -> Int64 {
        guard let coverage = try Row.fetchOne(db, sql: "SELECT endedAt FROM liveCoverage WHERE articleId = ?", arguments: [id.rawValue]) else {
            throw BylineError.invalidFields([FieldProblem(field: "live", message: "라이브로 다루는 기사가 아닙니다.")])
        }
        guard (coverage[0] as Int64?) == nil else {
            throw BylineError.invalidFields([FieldProblem(field: "live", message: "라이브가 이미 끝났습니다.")])
        }
        try db.execute(sql: "UPDATE liveCoverage SET sequence = sequence + 1 WHERE articleId = ?", arguments: [id.rawValue])
        return try Int64.fetchOne(db, sql: "SELECT sequence FROM liveCoverage WHERE articleId = ?", arguments: [id.rawValue]) ?? 0
    }
}
