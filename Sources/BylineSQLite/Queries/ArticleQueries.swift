import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    public func articles(_ ids: [ArticleID], asOf now: Date) async throws -> [Article] {
        guard !ids.isEmpty else { return [] }
        return try await read { db in try Self.fullArticles(ids.map(\.rawValue), asOf: now, db: db) }
    }

    /// Reads articles with their bylines, tags and photos in five statements, whatever their number,
    /// each prepared once per connection (`IDMatch`, `prepared`).
    /// `publicOnly: false` reads articles in any state, for the newsroom's preview.
    static func fullArticles(_ ids: [Int64], asOf now: Date, publicOnly: Bool = true, db: Database) throws -> [Article] {
        let match = IDMatch(ids)
        var records: [ArticleRecord] = []
        try (publicOnly
            ? db.prepared(
                "SELECT \(ArticleRecord.columns) FROM article WHERE id \(match.sql) AND \(publicAsOfSQL())",
                [match.argument, now.milliseconds])
            : db.prepared("SELECT \(ArticleRecord.columns) FROM article WHERE id \(match.sql)", [match.argument])
        ).forEachRow { records.append(try ArticleRecord($0)) }
        let found = records.compactMap(\.id)
        guard !found.isEmpty else { return [] }
        let foundMatch = IDMatch(found)

        var authors: [Int64: [Reporter]] = [:]
        var reporters: [Int64: Reporter] = [:]
        try db.prepared("""
            SELECT articleAuthor.articleId, \(ReporterRecord.columns)
            FROM articleAuthor JOIN reporter ON reporter.id = articleAuthor.reporterId
            WHERE articleAuthor.articleId \(foundMatch.sql) ORDER BY articleAuthor.articleId, articleAuthor.position
            """, [foundMatch.argument]).forEachRow { row in
            let reporter = try ReporterRecord(columnsOf: row, at: 1).domain()
            authors[try row[0] as Int64, default: []].append(reporter)
            reporters[reporter.id.rawValue] = reporter
        }

        var tags: [Int64: [Tag]] = [:]
        try db.prepared("""
            SELECT articleTag.articleId, tag.name
            FROM articleTag JOIN tag ON tag.id = articleTag.tagId
            WHERE articleTag.articleId \(foundMatch.sql) ORDER BY tag.name
            """, [foundMatch.argument]).forEachRow { row in
            if let tag = Tag(try row[1]) { tags[try row[0] as Int64, default: []].append(tag) }
        }

        var photoRecords: [PhotoRecord] = []
        try db.prepared(
            "SELECT \(PhotoRecord.columns) FROM photo WHERE articleId \(foundMatch.sql) ORDER BY articleId, position", [foundMatch.argument]
        ).forEachRow { photoRecords.append(try PhotoRecord($0)) }
        let missingPhotographers = Set(photoRecords.compactMap(\.photographerId)).subtracting(reporters.keys)
        if !missingPhotographers.isEmpty {
            let match = IDMatch(Array(missingPhotographers))
            let statement = try db.prepared("SELECT \(ReporterRecord.columns) FROM reporter WHERE id \(match.sql)", [match.argument])
            try statement.forEachRow { row in
                let reporter = try ReporterRecord(columnsOf: row).domain()
                reporters[reporter.id.rawValue] = reporter
            }
        }
        let photos = Dictionary(grouping: photoRecords, by: \.articleId).mapValues { records in
            records.map { $0.domain(photographer: $0.photographerId.flatMap { reporters[$0] }) }
        }

        var corrections: [Int64: [Correction]] = [:]
        try db.prepared("""
            SELECT articleId, text, editorName, at FROM correction WHERE articleId \(foundMatch.sql) ORDER BY articleId, id
            """, [foundMatch.argument]).forEachRow { row in
            corrections[try row[0] as Int64, default: []].append(
                Correction(text: try row[1], at: Date(milliseconds: try row[3]), editorName: try row[2]))
        }

        let byID = Dictionary(uniqueKeysWithValues: records.compactMap { record -> (Int64, Article)? in
            guard let stored = record.stored, let article = stored.article(
                authors: authors[stored.id] ?? [], tags: tags[stored.id] ?? [], photos: photos[stored.id] ?? [],
                corrections: corrections[stored.id] ?? [], publicOnly: publicOnly)
            else { return nil }
            return (stored.id, article)
        })
        return ids.compactMap { byID[$0] }
    }

    public func sections() async throws -> [Section] {
        try await read { db in
            try SectionRecord.order(Column("position"), Column("id")).fetchAll(db).map { $0.domain() }
        }
    }

    public func reporter(_ id: ReporterID) async throws -> Reporter? {
        try await read { db in try ReporterRecord.fetchOne(db, key: id.rawValue)?.domain() }
    }

    public func reporters(emails: [String]) async throws -> [Reporter] {
        guard !emails.isEmpty else { return [] }
        return try await read { db in
            try ReporterRecord.filter(emails.map { $0.lowercased() }.contains(Column("email").collating(.nocase)))
                .fetchAll(db).map { $0.domain() }
        }
    }

    public func tagIsPublic(_ tag: Tag, asOf now: Date) async throws -> Bool {
        try await read { db in
            try SQLRequest<Bool>(literal: """
                SELECT EXISTS (
                    SELECT 1 FROM tag
                    JOIN articleTag ON articleTag.tagId = tag.id
                    JOIN article ON article.id = articleTag.articleId
                    WHERE tag.name = \(tag.name) AND \(publicAsOf: now, in: "article"))
                """).fetchOne(db) ?? false
        }
    }

    public func isEmpty() async throws -> Bool {
        try await read { db in
            try SectionRecord.fetchCount(db) == 0 && ArticleRecord.fetchCount(db) == 0
        }
    }
}
