import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore: NewsroomStore {
    public func draft(_ id: ArticleID) async throws -> DraftArticle? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM article WHERE id = ?", arguments: [id.rawValue]),
                  let record = try? ArticleRecord(row: row),
                  let document = try Self.documents([record], withPlannedTimes: true, db: db).first?.document,
                  let status = ArticleStatus(rawValue: record.status)
            else { return nil }
            let corrections = try Row.fetchAll(db, sql: "SELECT * FROM correction WHERE articleId = ? ORDER BY id", arguments: [id.rawValue])
                .map { Correction(text: $0["text"], at: Date(milliseconds: $0["at"]), editorName: $0["editorName"]) }
            let owner: Int64? = row["ownerId"]
            let embargo: Int64? = row["embargoUntil"]
            let returnNote: String? = row["returnNote"]
            let trashedAt: Int64? = row["trashedAt"]
            return DraftArticle(
                id: id, document: document, status: status, version: row["version"], ownerID: owner.map(UserID.init(rawValue:)),
                embargoUntil: embargo.map(Date.init(milliseconds:)), createdAt: Date(milliseconds: record.createdAt),
                updatedAt: Date(milliseconds: record.updatedAt), corrections: corrections, returnNote: returnNote,
                trashedAt: trashedAt.map(Date.init(milliseconds:)))
        }
    }

    public func drafts(_ filter: DraftFilter, page: PageRequest) async throws -> Page<DraftSummary> {
        try await read { db in
            var sql: SQL = "SELECT article.* FROM article WHERE trashedAt IS NULL"
            if let status = filter.status { sql += " AND status = \(status.rawValue)" }
            if let sections = filter.sections { sql += " AND sectionId IN \(sections.map(\.rawValue))" }
            if let email = filter.reporterEmail {
                sql += """
                     AND id IN (SELECT articleId FROM articleAuthor JOIN reporter ON reporter.id = articleAuthor.reporterId
                                WHERE reporter.email = \(email) COLLATE NOCASE)
                    """
            }
            if let words = filter.headline?.split(separator: " ").prefix(5) {
                for word in words {
                    let pattern = "%" + word.replacingOccurrences(of: "\\", with: "\\\\")
                        .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
                    sql += " AND headline LIKE \(pattern) ESCAPE '\\'"
                }
            }
            if let after = page.after { sql += " AND (updatedAt, id) < (\(after.key), \(after.id))" }
            sql += " ORDER BY updatedAt DESC, id DESC LIMIT \(page.limit + 1)"
            let rows = try SQLRequest<Row>(literal: sql).fetchAll(db)
            let records = try rows.map { try ArticleRecord(row: $0) }
            let notes = Dictionary(rows.map { ($0["id"] as Int64, $0["returnNote"] as String?) }, uniquingKeysWith: { first, _ in first })
            let ids = records.compactMap(\.id)
            var authors: [Int64: [String]] = [:]
            for row in try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT articleAuthor.articleId AS articleId, reporter.name AS name FROM articleAuthor
                JOIN reporter ON reporter.id = articleAuthor.reporterId WHERE articleAuthor.articleId IN \(ids)
                ORDER BY articleAuthor.articleId, articleAuthor.position
                """)) {
                authors[row["articleId"], default: []].append(row["name"])
            }
            let summaries = records.prefix(page.limit).compactMap { record -> DraftSummary? in
                guard let id = record.id, let status = ArticleStatus(rawValue: record.status) else { return nil }
                return DraftSummary(
                    id: ArticleID(rawValue: id), headline: record.headline, status: status,
                    sectionID: SectionID(rawValue: record.sectionId), authorNames: authors[id] ?? [],
                    publishedAt: record.publishedAt.map(Date.init(milliseconds:)), updatedAt: Date(milliseconds: record.updatedAt),
                    returnNote: notes[id] ?? nil)
            }
            let next = records.count > page.limit
                ? summaries.last.map { PageCursor(kind: .time, key: $0.updatedAt.milliseconds, id: $0.id.rawValue) } : nil
            return Page(items: summaries, next: next)
        }
    }

    public func preview(_ id: ArticleID) async throws -> Article? {
        try await read { db in try Self.fullArticles([id.rawValue], asOf: Date(), publicOnly: false, db: db).first }
    }

    public func createDraft(_ document: ArticleDocument, embargoUntil: Date?, by user: User, at now: Date) async throws -> ArticleID {
        try await write { db in
            let content = Self.newArticle(document, at: now)
            var record = try Self.record(for: content, db: db)
            record.status = "draft"
            record.publishedAt = nil
            record.createdAt = now.milliseconds
            record.updatedAt = now.milliseconds
            try record.insert(db)
            let id = record.id ?? 0
            try db.execute(literal: """
                UPDATE article SET ownerId = \(user.id.rawValue), embargoUntil = \(embargoUntil?.milliseconds) WHERE id = \(id)
                """)
            try Self.saveLinks(of: content, to: id, db: db)
            try Self.keepRevision(of: id, document, by: user, at: now, db: db)
            try Self.audit(id, .create, detail: document.headline, by: user, at: now, db: db)
            return ArticleID(rawValue: id)
        }
    }

    public func saveDraft(
        _ id: ArticleID, _ document: ArticleDocument, embargoUntil: Date?, expectedVersion: Int, by user: User, at now: Date
    ) async throws -> Int {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM article WHERE id = ?", arguments: [id.rawValue]),
                  let existing = try? ArticleRecord(row: row)
            else { throw BylineError.notFound }
            let version: Int = row["version"]
            guard version == expectedVersion else { throw BylineError.conflict(currentVersion: version) }
            let content = Self.newArticle(document, at: now)
            var record = try Self.record(for: content, db: db)
            record.id = existing.id
            record.status = existing.status
            record.externalId = existing.externalId
            record.createdAt = existing.createdAt
            record.updatedAt = now.milliseconds
            // Saving changes content only: times move through the workflow's own steps.
            record.publishedAt = existing.publishedAt
            try record.update(db)
            try db.execute(literal: """
                UPDATE article SET version = version + 1, embargoUntil = \(embargoUntil?.milliseconds) WHERE id = \(id.rawValue)
                """)
            for table in ["articleAuthor", "articleTag", "photo"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE articleId = ?", arguments: [id.rawValue])
            }
            try Self.saveLinks(of: content, to: id.rawValue, db: db)
            try Self.keepRevision(of: id.rawValue, document, by: user, at: now, db: db)
            try Self.audit(id.rawValue, .save, detail: document.headline, by: user, at: now, db: db)
            return version + 1
        }
    }

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

    public func submit(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await move(id, to: .inReview, publishedAt: nil, action: .submit, detail: nil, returnNote: .some(nil), by: user, at: now)
    }

    public func returnForRework(_ id: ArticleID, comment: String, by user: User, at now: Date) async throws {
        try await move(id, to: .draft, publishedAt: nil, action: .returnForRework, detail: comment, returnNote: comment, by: user, at: now)
    }

    public func publish(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await move(id, to: .published, publishedAt: now, action: .publish, detail: nil, by: user, at: now)
    }

    public func schedule(_ id: ArticleID, for time: Date, reason: String, by user: User, at now: Date) async throws {
        try await move(id, to: .scheduled, publishedAt: time, action: .schedule, detail: reason, by: user, at: now)
    }

    public func unpublish(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await move(id, to: .unpublished, publishedAt: nil, action: .unpublish, detail: nil, by: user, at: now)
    }

    public func correct(_ id: ArticleID, text: String, by user: User, at now: Date) async throws {
        try await write { db in
            try db.execute(literal: """
                UPDATE article SET updatedAt = \(now.milliseconds), version = version + 1 WHERE id = \(id.rawValue) AND status = 'published'
                """)
            guard db.changesCount > 0 else { throw BylineError.notFound }
            try db.execute(literal: """
                INSERT INTO correction (articleId, text, editorName, at) VALUES (\(id.rawValue), \(text), \(user.name), \(now.milliseconds))
                """)
            try Self.audit(id.rawValue, .correct, detail: text, by: user, at: now, db: db)
        }
    }

    /// One workflow step: the new state (and time, when it sets one) and its audit entry, in one transaction.
    /// `returnNote` is left alone when `nil`, cleared when `.some(nil)`.
    private func move(
        _ id: ArticleID, to status: ArticleStatus, publishedAt: Date?, action: WorkflowAction, detail: String?,
        returnNote: String?? = nil, by user: User, at now: Date
    ) async throws {
        try await write { db in
            let headline = try String.fetchOne(db, sql: "SELECT headline FROM article WHERE id = ?", arguments: [id.rawValue])
            guard let headline else { throw BylineError.notFound }
            let time: SQL = publishedAt.map { "publishedAt = \($0.milliseconds)," } ?? ""
            let note: SQL = returnNote.map { "returnNote = \($0)," } ?? ""
            try db.execute(literal: """
                UPDATE article SET status = \(status.rawValue), \(time) \(note) updatedAt = \(now.milliseconds), version = version + 1
                WHERE id = \(id.rawValue)
                """)
            try Self.audit(id.rawValue, action, detail: detail ?? headline, by: user, at: now, db: db)
        }
    }

    public func publishDue(asOf now: Date) async throws -> [ArticleID] {
        try await write { db in
            let due = try Int64.fetchAll(db, sql: """
                SELECT id FROM article WHERE status = 'scheduled' AND publishedAt <= ? ORDER BY publishedAt
                """, arguments: [now.milliseconds])
            for id in due {
                try db.execute(literal: """
                    UPDATE article SET status = 'published', updatedAt = max(updatedAt, publishedAt), version = version + 1
                    WHERE id = \(id)
                    """)
                try db.execute(literal: """
                    INSERT INTO auditLog (articleId, userName, action, detail, at)
                    VALUES (\(id), '예약 출고', \(WorkflowAction.publish.rawValue), '예약 시각 도래', \(now.milliseconds))
                    """)
            }
            return due.map(ArticleID.init(rawValue:))
        }
    }

    public func revisions(_ id: ArticleID) async throws -> [Revision] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM revision WHERE articleId = ? ORDER BY number", arguments: [id.rawValue])
                .compactMap { row in
                    let text: String = row["document"]
                    guard case .article(let document)? = try? ExchangeDecoder.decode(Array(text.utf8)) else { return nil }
                    return Revision(number: row["number"], at: Date(milliseconds: row["at"]), userName: row["userName"], document: document)
                }
        }
    }

    public func auditLog(_ id: ArticleID) async throws -> [AuditEntry] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM auditLog WHERE articleId = ? ORDER BY id", arguments: [id.rawValue])
                .compactMap { row in
                    guard let action = WorkflowAction(rawValue: row["action"]) else { return nil }
                    return AuditEntry(
                        at: Date(milliseconds: row["at"]), userName: row["userName"], action: action, articleID: id, detail: row["detail"])
                }
        }
    }

    public func updateSection(_ id: SectionID, name: String, parent: SectionID?, position: Int) async throws {
        try await write { db in
            guard try SectionRecord.fetchOne(db, key: id.rawValue) != nil else { throw BylineError.notFound }
            if let parent {
                let tree = SectionTree(try SectionRecord.fetchAll(db).map { $0.domain() })
                guard tree.section(parent) != nil else { throw BylineError.invalidInput("상위 섹션이 없습니다.") }
                guard !tree.subtree(of: id).contains(parent) else {
                    throw BylineError.invalidInput("섹션을 자기 자신이나 그 하위 섹션 아래로 옮길 수 없습니다.")
                }
            }
            do {
                try db.execute(literal: """
                    UPDATE section SET name = \(name), parentId = \(parent?.rawValue), position = \(position) WHERE id = \(id.rawValue)
                    """)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw BylineError.invalidInput("옮길 곳에 같은 주소의 섹션이 이미 있습니다.")
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

    static func newArticle(_ document: ArticleDocument, at now: Date) -> NewArticle {
        NewArticle(
            headline: document.headline, subheadlines: document.subheadlines, body: document.body, section: document.section,
            authorEmails: document.authors.map(\.email), tags: document.tags, dateline: document.dateline.map(Dateline.init(city:)),
            isBreaking: document.isBreaking,
            photos: document.photos.map {
                NewPhoto(url: $0.url, caption: $0.caption, alt: $0.alt, photographerEmail: $0.photographer?.email, credit: $0.credit,
                         takenAt: now, width: $0.width, height: $0.height)
            },
            publishedAt: document.publishedAt ?? now, grade: document.grade, kind: document.kind)
    }

    static func keepRevision(of id: Int64, _ document: ArticleDocument, by user: User, at now: Date, db: Database) throws {
        let text = String(decoding: ExchangeEncoder.line(.article(document)), as: UTF8.self)
        try db.execute(literal: """
            INSERT INTO revision (articleId, number, document, userName, at)
            VALUES (\(id), (SELECT coalesce(max(number), 0) + 1 FROM revision WHERE articleId = \(id)), \(text), \(user.name), \(now.milliseconds))
            """)
    }

    static func audit(_ id: Int64, _ action: WorkflowAction, detail: String, by user: User, at now: Date, db: Database) throws {
        try db.execute(literal: """
            INSERT INTO auditLog (articleId, userName, action, detail, at)
            VALUES (\(id), \(user.name), \(action.rawValue), \(String(detail.prefix(200))), \(now.milliseconds))
            """)
    }
}
