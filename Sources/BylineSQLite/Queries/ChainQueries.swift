import BylineCore
import Foundation
import GRDB

/// Story chains: the versions of one story in `articleChain`, by position.
extension SQLiteNewsStore {
    public func storyChain(of id: ArticleID, asOf now: Date) async throws -> StoryChain? {
        try await storyChains(of: [id], asOf: now)[id]
    }

    public func storyChains(of ids: [ArticleID], asOf now: Date) async throws -> [ArticleID: StoryChain] {
        guard !ids.isEmpty else { return [:] }
        return try await read { db in
            var members: [Int64: [StoryChain.Link]] = [:]
            for row in try Row.fetchAll(db.prepared("""
                SELECT mine.articleId, member.articleId, member.position, member.isRoundup, article.headline, article.publishedAt
                FROM json_each(?) AS wanted
                JOIN articleChain AS mine ON mine.articleId = wanted.value
                JOIN articleChain AS member ON member.chainId = mine.chainId
                JOIN article ON article.id = member.articleId
                WHERE \(publicAsOfSQL(in: "article"))
                ORDER BY mine.articleId, member.position
                """, [idTableArgument(ids.map(\.rawValue)), now.milliseconds])) {
                members[row[0], default: []].append(StoryChain.Link(
                    id: ArticleID(rawValue: row[1]), headline: row[4],
                    place: ChainPlace(position: row[2], isRoundup: row[3]), publishedAt: Date(milliseconds: row[5])))
            }
            var chains: [ArticleID: StoryChain] = [:]
            for (id, links) in members where links.count > 1 && links.contains(where: { $0.id.rawValue == id }) {
                chains[ArticleID(rawValue: id)] = StoryChain(links: links, current: ArticleID(rawValue: id))
            }
            return chains
        }
    }

    public func draftChain(of id: ArticleID) async throws -> StoryChain? {
        try await read { db in try Self.draftChain(of: id.rawValue, db: db) }
    }

    static func draftChain(of id: Int64, db: Database) throws -> StoryChain? {
        let links = try Row.fetchAll(db, sql: """
            SELECT member.articleId, member.position, member.isRoundup, article.headline,
                   CASE WHEN article.status = 'published' THEN article.publishedAt END
            FROM articleChain AS mine
            JOIN articleChain AS member ON member.chainId = mine.chainId
            JOIN article ON article.id = member.articleId
            WHERE mine.articleId = ? AND article.trashedAt IS NULL
            ORDER BY member.position
            """, arguments: [id]).map { row in
            StoryChain.Link(
                id: ArticleID(rawValue: row[0]), headline: row[3], place: ChainPlace(position: row[1], isRoundup: row[2]),
                publishedAt: (row[4] as Int64?).map(Date.init(milliseconds:)))
        }
        return links.isEmpty ? nil : StoryChain(links: links, current: ArticleID(rawValue: id))
    }

    public func chainPlaces(of ids: [ArticleID]) async throws -> [ArticleID: ChainPlace] {
        guard !ids.isEmpty else { return [:] }
        return try await read { db in
            var places: [ArticleID: ChainPlace] = [:]
            for row in try Row.fetchAll(db.prepared("""
                SELECT articleChain.articleId, articleChain.position, articleChain.isRoundup FROM json_each(?) AS wanted
                JOIN articleChain ON articleChain.articleId = wanted.value
                """, [idTableArgument(ids.map(\.rawValue))])) {
                places[ArticleID(rawValue: row[0])] = ChainPlace(position: row[1], isRoundup: row[2])
            }
            return places
        }
    }

    public func createFollowUp(_ document: ArticleDocument, of source: ArticleID, by user: User, at now: Date) async throws -> ArticleID {
        try await write { db in
            guard let stored = try String.fetchOne(db, sql: "SELECT status FROM article WHERE id = ?", arguments: [source.rawValue]),
                  let status = ArticleStatus(rawValue: stored)
            else { throw BylineError.notFound }
            guard NewsroomPolicy.allows(.followUp, from: status) else { throw BylineError.statusChanged(status) }
            let id = try Self.insertDraft(document, embargoUntil: nil, by: user, at: now, db: db)
            // The source begins the chain if it had none; the new version goes after the last.
            try db.execute(sql: """
                INSERT OR IGNORE INTO articleChain (articleId, chainId, position) VALUES (?, ?, 0)
                """, arguments: [source.rawValue, source.rawValue])
            let chain = try Int64.fetchOne(db, sql: "SELECT chainId FROM articleChain WHERE articleId = ?", arguments: [source.rawValue])
                ?? source.rawValue
            let position = try Int.fetchOne(db, sql: "SELECT max(position) + 1 FROM articleChain WHERE chainId = ?", arguments: [chain]) ?? 1
            try db.execute(
                sql: "INSERT INTO articleChain (articleId, chainId, position) VALUES (?, ?, ?)",
                arguments: [id.rawValue, chain, position])
            let place = ChainPlace(position: position, isRoundup: false).label
            try Self.audit(id.rawValue, .followUp, detail: "\(place): #\(source.rawValue)의 후속", by: user, at: now, db: db)
            try Self.audit(source.rawValue, .followUp, detail: "\(place) #\(id.rawValue) 작성", by: user, at: now, db: db)
            return id
        }
    }

    public func editChain(_ id: ArticleID, _ edit: ChainEdit, by user: User, at now: Date) async throws {
        try await write { db in
            guard let chain = try Int64.fetchOne(db, sql: "SELECT chainId FROM articleChain WHERE articleId = ?", arguments: [id.rawValue])
            else { throw BylineError.notFound }
            let members = try Row.fetchAll(db, sql: """
                SELECT articleId, isRoundup FROM articleChain WHERE chainId = ? ORDER BY position
                """, arguments: [chain]).map { ChainEdit.Member(id: $0[0], isRoundup: $0[1]) }
            // Rewritten whole: positions are unique within a chain.
            let order = try edit.applied(to: members, editing: id.rawValue)
            try db.execute(sql: "DELETE FROM articleChain WHERE chainId = ?", arguments: [chain])
            let newChain = order.first?.id ?? chain
            for (position, member) in order.enumerated() {
                try db.execute(
                    sql: "INSERT INTO articleChain (articleId, chainId, position, isRoundup) VALUES (?, ?, ?, ?)",
                    arguments: [member.id, newChain, position, member.isRoundup])
            }
            try Self.audit(id.rawValue, .editChain, detail: edit.description, by: user, at: now, db: db)
        }
    }
}
