import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    public func importRecords(_ records: [ExchangeRecord], at now: Date) async throws -> [ImportOutcome] {
        try await write { db in
            var importer = Importer(db: db, now: now)
            return try records.map { record in
                var outcome = ImportOutcome.failed("")
                do {
                    try db.inSavepoint {
                        outcome = try importer.save(record)
                        return .commit
                    }
                } catch let refusal as StorageRefusal {
                    outcome = .failed(refusal.explanation)
                } catch let error as BylineError {
                    guard case .invalidInput(let message) = error else { throw error }
                    outcome = .failed(message)
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    outcome = .failed(StorageRefusal.unstorable(detail: error.message ?? "constraint").explanation)
                }
                // Ids remembered inside a rolled-back savepoint no longer exist.
                if case .failed = outcome { importer.forgetRememberedIDs() }
                return outcome
            }
        }
    }

    public func exportArticles(after: ArticleID?, limit: Int) async throws -> [(id: ArticleID, document: ArticleDocument)] {
        try await read { db in
            let records = try SQLRequest<ArticleRecord>(literal: """
                SELECT * FROM article WHERE id > \(after?.rawValue ?? 0) ORDER BY id LIMIT \(limit)
                """, cached: true).fetchAll(db)
            return try Self.documents(records, db: db).map { (ArticleID(rawValue: $0.id), $0.document) }
        }
    }

    /// Articles' content as exchange documents, in the order of `records`. `publishedAt` is
    /// kept only for published articles unless `withPlannedTimes` (the newsroom's view,
    /// where a scheduled article's time matters).
    static func documents(
        _ records: [ArticleRecord], withPlannedTimes: Bool = false, db: Database
    ) throws -> [(id: Int64, document: ArticleDocument)] {
        let ids = records.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let tree = SectionTree(try SectionRecord.fetchAll(db).map { $0.domain() })

        var authors: [Int64: [Byline]] = [:]
        for row in try Row.fetchAll(db, SQLRequest<Row>(literal: """
            SELECT articleAuthor.articleId AS articleId, reporter.name AS name, reporter.email AS email
            FROM articleAuthor JOIN reporter ON reporter.id = articleAuthor.reporterId
            WHERE articleAuthor.articleId IN \(ids) ORDER BY articleAuthor.articleId, articleAuthor.position
            """)) {
            authors[row["articleId"], default: []].append(Byline(name: row["name"], email: row["email"]))
        }
        var tags: [Int64: [Tag]] = [:]
        for row in try Row.fetchAll(db, SQLRequest<Row>(literal: """
            SELECT articleTag.articleId AS articleId, tag.name AS name FROM articleTag JOIN tag ON tag.id = articleTag.tagId
            WHERE articleTag.articleId IN \(ids) ORDER BY tag.name
            """)) {
            if let tag = Tag(row["name"]) { tags[row["articleId"], default: []].append(tag) }
        }
        var photos: [Int64: [PhotoDocument]] = [:]
        for row in try Row.fetchAll(db, SQLRequest<Row>(literal: """
            SELECT photo.*, reporter.name AS photographerName, reporter.email AS photographerEmail
            FROM photo LEFT JOIN reporter ON reporter.id = photo.photographerId
            WHERE photo.articleId IN \(ids) ORDER BY photo.articleId, photo.position
            """)) {
            let photographer = (row["photographerEmail"] as String?).map { Byline(name: row["photographerName"], email: $0) }
            photos[row["articleId"], default: []].append(PhotoDocument(
                url: row["url"], caption: row["caption"], credit: row["credit"], alt: row["alt"],
                width: row["width"], height: row["height"], photographer: photographer,
                library: (row["libraryPhotoId"] as Int64?).map(LibraryPhotoID.init(rawValue:))))
        }
        return records.compactMap { record in
            guard let id = record.id, let section = tree.path(of: SectionID(rawValue: record.sectionId)) else { return nil }
            let keepsTime = record.status == "published" || withPlannedTimes
            return (id, ArticleDocument(
                externalID: record.externalId, headline: record.headline, subheadlines: record.subheadlines,
                body: record.body, section: section, authors: authors[id] ?? [], tags: tags[id] ?? [],
                dateline: record.dateline, isBreaking: record.isBreaking,
                publishedAt: keepsTime ? record.publishedAt.map(Date.init(milliseconds:)) : nil,
                photos: photos[id] ?? [], grade: ArticleGrade(rawValue: record.grade) ?? .normal,
                kind: ArticleKind(rawValue: record.kind) ?? .article))
        }
    }
}

/// Saves imported records within one write transaction, remembering the ids it has
/// looked up so that a batch of thousands costs few queries.
private struct Importer {
    let db: Database
    let now: Date
    var sectionIDs: [SectionPath: Int64] = [:]
    var reporterIDs: [String: Int64] = [:]
    var tagIDs: [String: Int64] = [:]

    init(db: Database, now: Date) {
        self.db = db
        self.now = now
    }

    mutating func forgetRememberedIDs() {
        sectionIDs = [:]
        reporterIDs = [:]
        tagIDs = [:]
    }

    mutating func save(_ record: ExchangeRecord) throws -> ImportOutcome {
        switch record {
        case .section(let section):
            let id = try sectionID(section.path, name: section.name)
            try db.execute(literal: "UPDATE section SET name = \(section.name), position = \(section.position) WHERE id = \(id)")
            return .sectionSaved
        case .article(let document):
            return try save(document)
        }
    }

    mutating func save(_ document: ArticleDocument) throws -> ImportOutcome {
        let sectionID = try sectionID(document.section, name: nil)
        let publishedAt = document.publishedAt?.milliseconds
        var record = ArticleRecord(
            id: nil, headline: document.headline, subheadlines: document.subheadlines, body: document.body,
            summary: NewArticle.summary(fromMarkdown: document.body), sectionId: sectionID, dateline: document.dateline,
            isBreaking: document.isBreaking, status: publishedAt == nil ? "draft" : "published", publishedAt: publishedAt,
            createdAt: now.milliseconds, updatedAt: publishedAt ?? now.milliseconds, externalId: document.externalID,
            grade: document.grade.rawValue, kind: document.kind.rawValue)
        record.renderBody(prerendered: document.renderedBody)

        var created = true
        if let externalID = document.externalID,
           let existing = try SQLRequest<ArticleRecord>(literal: "SELECT * FROM article WHERE externalId = \(externalID)", cached: true)
               .fetchOne(db),
           let existingID = existing.id {
            guard existing.status != "killed" else { throw StorageRefusal.articleKilled }
            // An import replaces the content; who owns the article and its embargo stay.
            record.id = existingID
            record.ownerId = existing.ownerId
            record.embargoUntil = existing.embargoUntil
            record.updatedAt = max(now.milliseconds, publishedAt ?? 0)
            try record.update(db)
            for table in ["articleAuthor", "articleTag", "photo"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE articleId = ?", arguments: [existingID])
            }
            created = false
        } else {
            try record.insert(db)
        }
        let articleID = record.id ?? 0

        for (position, author) in document.authors.enumerated() {
            try ArticleAuthorRecord(articleId: articleID, reporterId: try reporterID(author), position: position)
                .insert(db, onConflict: .ignore)
        }
        let publicAt = record.status == "published" ? record.publishedAt : nil
        for tag in Set(document.tags) {
            try ArticleTagRecord(articleId: articleID, tagId: try tagID(tag), publicAt: publicAt).insert(db)
        }
        for (position, photo) in document.photos.enumerated() {
            var photoRecord = PhotoRecord(
                id: nil, articleId: articleID, position: position, url: photo.url, caption: photo.caption, alt: photo.alt,
                photographerId: try photo.photographer.map { try reporterID($0) }, credit: photo.credit,
                takenAt: publishedAt ?? now.milliseconds, width: photo.width, height: photo.height)
            try photoRecord.insert(db)
        }
        if created {
            try SearchIndex.insert(
                articleID, headline: document.headline, text: document.subheadlines + [document.body],
                tags: document.tags.map(\.name).joined(separator: " "),
                people: document.authors.map(\.name).joined(separator: " "), db: db)
        } else {
            try SearchIndex.reindex(articleID, db: db)
        }
        return created ? .articleCreated(ArticleID(rawValue: articleID)) : .articleUpdated(ArticleID(rawValue: articleID))
    }

    /// The section at `path`, created with its missing parents (named after their slugs) when unknown.
    mutating func sectionID(_ path: SectionPath, name: String?) throws -> Int64 {
        if let id = sectionIDs[path] { return id }
        var parent: Int64?
        for depth in 1...path.slugs.count {
            let prefix = SectionPath(slugs: Array(path.slugs.prefix(depth)))
            let known = try sectionIDs[prefix] ?? SQLiteNewsStore.sectionID(at: prefix, db: db)
            if let id = known {
                sectionIDs[prefix] = id
                parent = id
                continue
            }
            var record = SectionRecord(
                id: nil, parentId: parent, slug: prefix.slugs.last ?? "",
                name: depth == path.slugs.count ? (name ?? prefix.slugs.last ?? "") : (prefix.slugs.last ?? ""),
                position: 1000)
            try record.insert(db)
            sectionIDs[prefix] = record.id
            parent = record.id
        }
        return parent ?? 0
    }

    mutating func reporterID(_ byline: Byline) throws -> Int64 {
        let key = byline.email.lowercased()
        if let id = reporterIDs[key] { return id }
        let id: Int64
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM reporter WHERE email = ? COLLATE NOCASE", arguments: [key]) {
            id = existing
        } else {
            var record = ReporterRecord(id: nil, name: byline.name, email: byline.email, beat: "")
            try record.insert(db)
            id = record.id ?? 0
        }
        reporterIDs[key] = id
        return id
    }

    mutating func tagID(_ tag: Tag) throws -> Int64 {
        if let id = tagIDs[tag.name] { return id }
        let id = try SQLiteNewsStore.tagID(for: tag, db: db)
        tagIDs[tag.name] = id
        return id
    }
}
