import BylineCore
import Foundation
import Logging
import PostgresNIO

/// Sections and tags as the desk manages them.
extension PostgresNewsStore {
    public func updateSection(_ id: SectionID, name: String, parent: SectionID?, position: Int) async throws {
        try await write { [logger] connection in
            if let parent {
                // Every section is locked, in id order: two moves on two nodes cannot each pass
                // the cycle check against the tree the other is changing.
                let tree = SectionTree(try await connection.rows("""
                    SELECT \(unescaped: Section.columns) FROM section ORDER BY id FOR UPDATE
                    """, logger: logger).map(Section.init))
                guard tree.section(id) != nil else { throw BylineError.notFound }
                if let refusal = tree.refusal(moving: id, under: parent) { throw refusal }
            } else {
                guard try await !connection.rows("SELECT id FROM section WHERE id = \(id.rawValue) FOR UPDATE", logger: logger).isEmpty else {
                    throw BylineError.notFound
                }
            }
            do {
                try await connection.run("""
                    UPDATE section SET name = \(name), parentId = \(parent?.rawValue), position = \(Int64(position))
                    WHERE id = \(id.rawValue)
                    """, logger: logger)
            } catch let error where PostgresNewsStore.sqlState(error)?.hasPrefix("23") == true {
                // Any constraint, as SQLite's SQLITE_CONSTRAINT. The transaction is aborted, and
                // rolled back by `write` as this error leaves it.
                throw StorageRefusal.sectionAddressTaken
            }
        }
    }

    public func tagCounts() async throws -> [(tag: Tag, articles: Int)] {
        let rows = try await read { [logger] connection -> [(String, Int64)] in
            // Names in byte order, as SQLite's BINARY collation sorts them.
            try await connection.rows("""
                SELECT tag.name, count(articleTag.articleId) FROM tag
                LEFT JOIN articleTag ON articleTag.tagId = tag.id GROUP BY tag.id ORDER BY tag.name COLLATE "C"
                """, logger: logger).map { try $0.decode((String, Int64).self) }
        }
        return rows.compactMap { name, articles in Tag(name).map { (tag: $0, articles: Int(articles)) } }
    }

    public func renameTag(_ old: Tag, to new: Tag) async throws -> [ArticleID] {
        try await write { [logger] connection in
            guard let oldID = try await Self.lockedTagID(old, connection: connection, logger: logger) else {
                throw BylineError.notFound
            }
            let articles = try await Self.taggedArticles(oldID, connection: connection, logger: logger)
            let newID = try await Self.tagID(for: new, connection: connection, logger: logger)
            if newID != oldID {
                try await connection.run("""
                    INSERT INTO articleTag (articleId, tagId) SELECT articleId, \(newID) FROM articleTag WHERE tagId = \(oldID)
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
                try await connection.run("DELETE FROM tag WHERE id = \(oldID)", logger: logger)
            }
            for article in articles { try await SearchIndex.reindex(article, connection: connection, logger: logger) }
            return articles.map(ArticleID.init(rawValue:))
        }
    }

    public func deleteTag(_ tag: Tag) async throws -> [ArticleID] {
        try await write { [logger] connection in
            guard let id = try await Self.lockedTagID(tag, connection: connection, logger: logger) else {
                throw BylineError.notFound
            }
            let articles = try await Self.taggedArticles(id, connection: connection, logger: logger)
            try await connection.run("DELETE FROM tag WHERE id = \(id)", logger: logger)
            for article in articles { try await SearchIndex.reindex(article, connection: connection, logger: logger) }
            return articles.map(ArticleID.init(rawValue:))
        }
    }

    /// A tag's id, its row locked until the transaction ends.
    private static func lockedTagID(_ tag: Tag, connection: PostgresConnection, logger: Logger) async throws -> Int64? {
        try await connection.rows("SELECT id FROM tag WHERE name = \(tag.name) FOR UPDATE", logger: logger)
            .first.map { try $0.decode(Int64.self) }
    }

    private static func taggedArticles(_ tagID: Int64, connection: PostgresConnection, logger: Logger) async throws -> [Int64] {
        try await connection.rows("SELECT articleId FROM articleTag WHERE tagId = \(tagID) ORDER BY articleId", logger: logger)
            .map { try $0.decode(Int64.self) }
    }
}
