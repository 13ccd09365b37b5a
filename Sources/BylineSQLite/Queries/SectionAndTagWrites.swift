import BylineCore
import Foundation
import GRDB

/// Sections and tags as the desk manages them.
extension SQLiteNewsStore {
    public func updateSection(_ id: SectionID, name: String, parent: SectionID?, position: Int) async throws {
        try await write { db in
            guard try SectionRecord.fetchOne(db, key: id.rawValue) != nil else { throw BylineError.notFound }
            if let parent {
                let tree = SectionTree(try SectionRecord.fetchAll(db).map { $0.domain() })
                if let refusal = tree.refusal(moving: id, under: parent) { throw refusal }
            }
            do {
                try db.execute(literal: """
                    UPDATE section SET name = \(name), parentId = \(parent?.rawValue), position = \(position) WHERE id = \(id.rawValue)
                    """)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw StorageRefusal.sectionAddressTaken
            }
        }
    }

    public func tagCounts() async throws -> [(tag: Tag, articles: Int)] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT tag.name AS name, count(articleTag.articleId) AS articles FROM tag
                LEFT JOIN articleTag ON articleTag.tagId = tag.id GROUP BY tag.id ORDER BY tag.name
                """).compactMap { row in Tag(row["name"]).map { ($0, row["articles"]) } }
        }
    }

    public func renameTag(_ old: Tag, to new: Tag) async throws -> [ArticleID] {
        try await write { db in
            guard let oldID = try Int64.fetchOne(db, sql: "SELECT id FROM tag WHERE name = ?", arguments: [old.name]) else {
                throw BylineError.notFound
            }
            let articles = try Int64.fetchAll(db, sql: "SELECT articleId FROM articleTag WHERE tagId = ?", arguments: [oldID])
            let newID = try Self.tagID(for: new, db: db)
            if newID != oldID {
                try db.execute(sql: "INSERT OR IGNORE INTO articleTag (articleId, tagId) SELECT articleId, ? FROM articleTag WHERE tagId = ?",
                               arguments: [newID, oldID])
                try db.execute(sql: "DELETE FROM tag WHERE id = ?", arguments: [oldID])
            }
            for article in articles { try SearchIndex.reindex(article, db: db) }
            return articles.map(ArticleID.init(rawValue:))
        }
    }

    public func deleteTag(_ tag: Tag) async throws -> [ArticleID] {
        try await write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM tag WHERE name = ?", arguments: [tag.name]) else {
                throw BylineError.notFound
            }
            let articles = try Int64.fetchAll(db, sql: "SELECT articleId FROM articleTag WHERE tagId = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM tag WHERE id = ?", arguments: [id])
            for article in articles { try SearchIndex.reindex(article, db: db) }
            return articles.map(ArticleID.init(rawValue:))
        }
    }
}
