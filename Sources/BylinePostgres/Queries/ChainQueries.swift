import BylineCore
import Foundation
import Logging
import PostgresNIO

/// Story chains: the versions of one story in `articleChain`, by position.
extension PostgresNewsStore {
    public func storyChain(of id: ArticleID, asOf now: Date) async throws -> StoryChain? {
        try await storyChains(of: [id], asOf: now)[id]
    }

    public func storyChains(of ids: [ArticleID], asOf now: Date) async throws -> [ArticleID: StoryChain] {
        guard !ids.isEmpty else { return [:] }
        return try await read { [logger] connection in
            var members: [Int64: [StoryChain.Link]] = [:]
            for row in try await connection.rows("""
                SELECT mine.articleId, member.articleId, member.position, member.isRoundup, article.headline, article.publishedAt
                FROM articleChain AS mine
                JOIN articleChain AS member ON member.chainId = mine.chainId
                JOIN article ON article.id = member.articleId
                WHERE mine.articleId = ANY(\(ids.map(\.rawValue))) AND \(publicAsOf: now, in: "article")
                ORDER BY mine.articleId, member.position
                """, logger: logger) {
                let (id, member, position, isRoundup, headline, publishedAt) = try row.decode((Int64, Int64, Int32, Bool, String, Int64).self)
                members[id, default: []].append(StoryChain.Link(
                    id: ArticleID(rawValue: member), headline: headline,
                    place: ChainPlace(position: Int(position), isRoundup: isRoundup), publishedAt: Date(milliseconds: publishedAt)))
            }
            var chains: [ArticleID: StoryChain] = [:]
            for (id, links) in members where links.count > 1 && links.contains(where: { $0.id.rawValue == id }) {
                chains[ArticleID(rawValue: id)] = StoryChain(links: links, current: ArticleID(rawValue: id))
            }
            return chains
        }
    }

    public func draftChain(of id: ArticleID) async throws -> StoryChain? {
        try await read { [logger] connection in
            let links = try await connection.rows("""
                SELECT member.articleId, member.position, member.isRoundup, article.headline,
                       CASE WHEN article.status = 'published' THEN article.publishedAt END
                FROM articleChain AS mine
                JOIN articleChain AS member ON member.chainId = mine.chainId
                JOIN article ON article.id = member.articleId
                WHERE mine.articleId = \(id.rawValue) AND article.trashedAt IS NULL
                ORDER BY member.position
                """, logger: logger).map { row in
                let (member, position, isRoundup, headline, publishedAt) = try row.decode((Int64, Int32, Bool, String, Int64?).self)
                return StoryChain.Link(
                    id: ArticleID(rawValue: member), headline: headline, place: ChainPlace(position: Int(position), isRoundup: isRoundup),
                    publishedAt: publishedAt.map(Date.init(milliseconds:)))
            }
            return links.isEmpty ? nil : StoryChain(links: links, current: id)
        }
    }

    public func chainPlaces(of ids: [ArticleID]) async throws -> [ArticleID: ChainPlace] {
        guard !ids.isEmpty else { return [:] }
        return try await read { [logger] connection in
            var places: [ArticleID: ChainPlace] = [:]
            for row in try await connection.rows("""
                SELECT articleId, position, isRoundup FROM articleChain WHERE articleId = ANY(\(ids.map(\.rawValue)))
                """, logger: logger) {
                let (id, position, isRoundup) = try row.decode((Int64, Int32, Bool).self)
                places[ArticleID(rawValue: id)] = ChainPlace(position: Int(position), isRoundup: isRoundup)
            }
            return places
        }
    }

    public func createFollowUp(_ document: ArticleDocument, of source: ArticleID, by user: User, at now: Date) async throws -> ArticleID {
        try await write { [logger] connection in
            // Locked: a kill or unpublish on another node waits, then finds the follow-up.
            let rows = try await connection.rows("SELECT status FROM article WHERE id = \(source.rawValue) FOR UPDATE", logger: logger)
            guard let stored = try rows.first?.decode(String.self), let status = ArticleStatus(rawValue: stored) else {
                throw BylineError.notFound
            }
            guard NewsroomPolicy.allows(.followUp, from: status) else { throw BylineError.statusChanged(status) }
            let id = try await Self.insertDraft(document, embargoUntil: nil, by: user, at: now, connection: connection, logger: logger)
            // The source begins the chain if it had none; the new version goes after the last.
            try await connection.run("""
                INSERT INTO articleChain (articleId, chainId, position) VALUES (\(source.rawValue), \(source.rawValue), 0)
                ON CONFLICT (articleId) DO NOTHING
                """, logger: logger)
            let placed = try await connection.rows("""
                INSERT INTO articleChain (articleId, chainId, position)
                SELECT \(id.rawValue), chainId, (SELECT max(position) + 1 FROM articleChain AS other WHERE other.chainId = mine.chainId)
                FROM articleChain AS mine WHERE mine.articleId = \(source.rawValue)
                RETURNING position
                """, logger: logger)
            let position = Int(try placed.first?.decode(Int32.self) ?? 1)
            let place = ChainPlace(position: position, isRoundup: false).label
            try await Self.audit(id.rawValue, .followUp, detail: "\(place): #\(source.rawValue)의 후속", by: user, at: now, connection: connection, logger: logger)
            try await Self.audit(source.rawValue, .followUp, detail: "\(place) #\(id.rawValue) 작성", by: user, at: now, connection: connection, logger: logger)
            return id
        }
    }

    public func editChain(_ id: ArticleID, _ edit: ChainEdit, by user: User, at now: Date) async throws {
        try await write { [logger] connection in
            let found = try await connection.rows("SELECT chainId FROM articleChain WHERE articleId = \(id.rawValue)", logger: logger)
            guard let chain = try found.first?.decode(Int64.self) else { throw BylineError.notFound }
            // The chain's rows locked in order: two editors editing one chain take turns.
            let members = try await connection.rows("""
                SELECT articleId, isRoundup FROM articleChain WHERE chainId = \(chain) ORDER BY position FOR UPDATE
                """, logger: logger).map { row in
                let (member, isRoundup) = try row.decode((Int64, Bool).self)
                return ChainEdit.Member(id: member, isRoundup: isRoundup)
            }
            // Rewritten whole: positions are unique within a chain.
            let order = try edit.applied(to: members, editing: id.rawValue)
            try await connection.run("DELETE FROM articleChain WHERE chainId = \(chain)", logger: logger)
            let newChain = order.first?.id ?? chain
            for (position, member) in order.enumerated() {
                try await connection.run("""
                    INSERT INTO articleChain (articleId, chainId, position, isRoundup)
                    VALUES (\(member.id), \(newChain), \(Int32(position)), \(member.isRoundup))
                    """, logger: logger)
            }
            try await Self.audit(id.rawValue, .editChain, detail: edit.description, by: user, at: now, connection: connection, logger: logger)
        }
    }
}
