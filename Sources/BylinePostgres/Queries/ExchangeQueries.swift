import BylineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresNewsStore {
    /// An import batch may take much longer than a reader's deadline; each statement still
    /// has the server's `statement_timeout`.
    static let importDeadline: Duration = .seconds(600)

    public func importRecords(_ records: [ExchangeRecord], at now: Date) async throws -> [ImportOutcome] {
        guard !records.isEmpty else { return [] }
        return try await withDeadline(Self.importDeadline) { [client, logger] in
            try await client.withTransaction(logger: logger) { connection in
                var importer = Importer(connection: connection, logger: logger, now: now)
                try await importer.rememberIDs(for: records)
                var outcomes: [ImportOutcome] = []
                outcomes.reserveCapacity(records.count)
                var index = records.startIndex
                while index < records.endIndex {
                    // Plain new articles go in chunks, one statement each; a chunk with a refused
                    // record is rolled back and its records saved one by one instead.
                    let run = importer.newArticles(in: records, from: index)
                    if run.count > 1, let saved = try await importer.saveTogether(run) {
                        outcomes += saved
                        index += run.count
                        continue
                    }
                    for record in records[index..<(index + max(run.count, 1))] {
                        outcomes.append(try await importer.saveIsolated(record))
                    }
                    index += max(run.count, 1)
                }
                return outcomes
            }
        }
    }

    public func exportArticles(after: ArticleID?, limit: Int) async throws -> [(id: ArticleID, document: ArticleDocument)] {
        try await read { [logger] connection in
            let rows = try await connection.rows("""
                SELECT \(unescaped: ArticleRow.columns) FROM article
                WHERE article.id > \(after?.rawValue ?? 0) ORDER BY article.id LIMIT \(Int64(limit))
                """, logger: logger).map(ArticleRow.init)
            return try await Self.documents(rows, withPlannedTimes: false, connection: connection, logger: logger)
        }
    }

    /// Articles' content as exchange documents, in the order of `rows`. `publishedAt` is
    /// kept only for published articles unless `withPlannedTimes` (the newsroom's view,
    /// where a scheduled article's time matters).
    static func documents(
        _ rows: [ArticleRow], withPlannedTimes: Bool, connection: PostgresConnection, logger: Logger
    ) async throws -> [(id: ArticleID, document: ArticleDocument)] {
        let ids = rows.map(\.id)
        guard !ids.isEmpty else { return [] }
        let tree = SectionTree(try await connection.rows("SELECT \(unescaped: Section.columns) FROM section", logger: logger)
            .map(Section.init))
        let authors = try await bylines(of: ids, connection: connection, logger: logger)
        let tags = try await tags(of: ids, connection: connection, logger: logger)
        let photos = try await photoDocuments(of: ids, connection: connection, logger: logger)
        return rows.compactMap { row in
            guard let section = tree.path(of: SectionID(rawValue: row.sectionId)) else { return nil }
            let keepsTime = row.status == "published" || withPlannedTimes
            return (ArticleID(rawValue: row.id), ArticleDocument(
                externalID: row.externalId, headline: row.headline, subheadlines: row.subheadlines,
                body: row.body, section: section, authors: authors[row.id] ?? [], tags: tags[row.id] ?? [],
                dateline: row.dateline, isBreaking: row.isBreaking,
                publishedAt: keepsTime ? row.publishedAt.map(Date.init(milliseconds:)) : nil,
                photos: photos[row.id] ?? [], grade: ArticleGrade(rawValue: row.grade) ?? .normal,
                kind: ArticleKind(rawValue: row.kind) ?? .article))
        }
    }

    private static func bylines(of ids: [Int64], connection: PostgresConnection, logger: Logger) async throws -> [Int64: [Byline]] {
        var authors: [Int64: [Byline]] = [:]
        for row in try await connection.rows("""
            SELECT articleAuthor.articleId, reporter.name, reporter.email
            FROM articleAuthor JOIN reporter ON reporter.id = articleAuthor.reporterId
            WHERE articleAuthor.articleId = ANY(\(ids)) ORDER BY articleAuthor.articleId, articleAuthor.position
            """, logger: logger) {
            let (articleID, name, email) = try row.decode((Int64, String, String).self)
            authors[articleID, default: []].append(Byline(name: name, email: email))
        }
        return authors
    }

    private static func tags(of ids: [Int64], connection: PostgresConnection, logger: Logger) async throws -> [Int64: [Tag]] {
        var tags: [Int64: [Tag]] = [:]
        // COLLATE "C": code-point order, as SQLite's BINARY, whatever the database's locale.
        for row in try await connection.rows("""
            SELECT articleTag.articleId, tag.name FROM articleTag JOIN tag ON tag.id = articleTag.tagId
            WHERE articleTag.articleId = ANY(\(ids)) ORDER BY tag.name COLLATE "C"
            """, logger: logger) {
            let (articleID, name) = try row.decode((Int64, String).self)
            if let tag = Tag(name) { tags[articleID, default: []].append(tag) }
        }
        return tags
    }

    private static func photoDocuments(
        of ids: [Int64], connection: PostgresConnection, logger: Logger
    ) async throws -> [Int64: [PhotoDocument]] {
        var photos: [Int64: [PhotoDocument]] = [:]
        for row in try await connection.rows("""
            SELECT photo.articleId, photo.url, photo.caption, photo.credit, photo.alt, photo.width, photo.height,
                   reporter.name, reporter.email
            FROM photo LEFT JOIN reporter ON reporter.id = photo.photographerId
            WHERE photo.articleId = ANY(\(ids)) ORDER BY photo.articleId, photo.position
            """, logger: logger) {
            let (articleID, url, caption, credit, alt, width, height, name, email) =
                try row.decode((Int64, String, String, String, String, Int64?, Int64?, String?, String?).self)
            let photographer = email.map { Byline(name: name ?? "", email: $0) }
            photos[articleID, default: []].append(PhotoDocument(
                url: url, caption: caption, credit: credit, alt: alt,
                width: width.map(Int.init), height: height.map(Int.init), photographer: photographer))
        }
        return photos
    }
}

/// Ids the importer knows, so that a batch of thousands costs few queries.
private struct RememberedIDs {
    var sections: [SectionPath: Int64] = [:]
    /// By lowercased e-mail.
    var reporters: [String: Int64] = [:]
    /// By tag name.
    var tags: [String: Int64] = [:]
    /// Articles by external id.
    var articles: [String: Int64] = [:]

    mutating func adopt(_ other: RememberedIDs) {
        sections.merge(other.sections) { _, new in new }
        reporters.merge(other.reporters) { _, new in new }
        tags.merge(other.tags) { _, new in new }
        articles.merge(other.articles) { _, new in new }
    }
}

/// Saves imported records within one transaction, each in its own savepoint: a refused
/// record is rolled back alone (in PostgreSQL an error aborts the whole transaction
/// unless rolled back to a savepoint) and the batch goes on.
///
/// Reporters, sections, tags and external ids are looked up once for the whole batch;
/// a record then costs three round trips (savepoint, one statement writing the article,
/// its authors, tags, photos and search entry, release), plus one per reporter, tag or
/// section it is the first to name.
private struct Importer {
    let connection: PostgresConnection
    let logger: Logger
    let now: Date
    /// Ids that exist for the rest of the transaction: read up front, or written by a
    /// record whose savepoint was released.
    var known = RememberedIDs()
    /// Ids the current record looked up or created: kept only if the record is saved, as
    /// ids remembered inside a rolled-back savepoint no longer exist.
    var pending = RememberedIDs()

    init(connection: PostgresConnection, logger: Logger, now: Date) {
        self.connection = connection
        self.logger = logger
        self.now = now
    }

    // MARK: - One record, isolated

    mutating func saveIsolated(_ record: ExchangeRecord) async throws -> ImportOutcome {
        try await connection.run("SAVEPOINT import_record", logger: logger)
        pending = RememberedIDs()
        let outcome: ImportOutcome
        do {
            let saved = try await save(record)
            try await connection.run("RELEASE SAVEPOINT import_record", logger: logger)
            known.adopt(pending)
            return saved
        } catch let error as BylineError {
            guard case .invalidInput(let message) = error else { throw error }
            outcome = .failed(message)
        } catch let error as PSQLError where Self.refusesRecord(error) {
            let message = error.serverInfo?[.message] ?? "constraint"
            outcome = .failed("저장할 수 없는 값입니다 (\(message)).")
        }
        try await connection.run("ROLLBACK TO SAVEPOINT import_record", logger: logger)
        try await connection.run("RELEASE SAVEPOINT import_record", logger: logger)
        pending = RememberedIDs()
        return outcome
    }

    // MARK: - New articles, many at once

    /// Records ahead can go in one chunk while they are new articles (no external id, or
    /// one neither stored nor repeated in the chunk: a repeat updates, in order) naming
    /// only sections, reporters and tags that exist. An article that creates one is saved
    /// alone: sequences are not rolled back, so a chunk retried record by record would
    /// otherwise give the new reporter another id than SQLite does.
    func newArticles(in records: [ExchangeRecord], from start: Int) -> [ArticleDocument] {
        var run: [ArticleDocument] = []
        var externalIDs = Set<String>()
        for record in records[start...] {
            guard run.count < Self.chunkSize, case .article(let document) = record, namesKnownRows(document) else { break }
            if let externalID = document.externalID {
                guard articleID(externalID: externalID) == nil, externalIDs.insert(externalID).inserted else { break }
            }
            run.append(document)
        }
        return run
    }

    func namesKnownRows(_ document: ArticleDocument) -> Bool {
        known.sections[document.section] != nil
            && document.authors.allSatisfy { known.reporters[$0.email.lowercased()] != nil }
            && document.photos.allSatisfy { photo in photo.photographer.map { known.reporters[$0.email.lowercased()] != nil } ?? true }
            && document.tags.allSatisfy { known.tags[$0.name] != nil }
    }

    static let chunkSize = 200

    /// Saves new articles in one savepoint with one statement for all their rows; nil, with
    /// nothing left behind, when one of them is refused.
    mutating func saveTogether(_ documents: [ArticleDocument]) async throws -> [ImportOutcome]? {
        try await connection.run("SAVEPOINT import_chunk", logger: logger)
        pending = RememberedIDs()
        do {
            var chunk = ArticleChunk()
            for document in documents {
                let fields = ArticleFields(
                    imported: document, sectionID: try await sectionID(document.section, name: nil), now: now)
                let links = ArticleLinks(
                    document, reporterIDs: try await reporterIDs(document), tagIDs: try await tagIDs(document),
                    takenAt: fields.publishedAt ?? now.milliseconds)
                chunk.append(fields, links: links, search: Self.searchDocument(document))
            }
            // Ids taken in advance, in order, tie each link row to its article.
            let ids = try await connection.rows("""
                SELECT nextval(pg_get_serial_sequence('article', 'id')) FROM generate_series(1, \(Int64(documents.count)))
                """, logger: logger).map { try $0.decode(Int64.self) }.sorted()
            try await connection.run(chunk.insertQuery(ids: ids), logger: logger)
            try await connection.run("RELEASE SAVEPOINT import_chunk", logger: logger)
            for (document, id) in zip(documents, ids) {
                if let externalID = document.externalID { pending.articles[externalID] = id }
            }
            known.adopt(pending)
            pending = RememberedIDs()
            return Array(repeating: .articleCreated, count: documents.count)
        } catch let error as BylineError {
            guard case .invalidInput = error else { throw error }
        } catch let error as PSQLError where Self.refusesRecord(error) {
            // Which record was refused, and why, is found saving them one by one.
        }
        try await connection.run("ROLLBACK TO SAVEPOINT import_chunk", logger: logger)
        try await connection.run("RELEASE SAVEPOINT import_chunk", logger: logger)
        pending = RememberedIDs()
        return nil
    }

    /// The search entry of a new article, written from the document as SQLite's importer does.
    static func searchDocument(_ document: ArticleDocument) -> String {
        SearchIndex.document(
            headline: document.headline, text: document.subheadlines + [document.body],
            tags: document.tags.map(\.name).joined(separator: " "),
            people: document.authors.map(\.name).joined(separator: " "))
    }

    /// Errors that refuse one record's values, as SQLITE_CONSTRAINT does on SQLite:
    /// integrity violations (class 23), plus values PostgreSQL cannot hold at all (class 22,
    /// such as a NUL character in text) and limits (class 54, such as an oversized search
    /// entry), which SQLite would have stored: refusing the record beats failing the batch.
    static func refusesRecord(_ error: PSQLError) -> Bool {
        guard let state = PostgresNewsStore.sqlState(error) else { return false }
        return ["22", "23", "54"].contains(String(state.prefix(2)))
    }

    mutating func save(_ record: ExchangeRecord) async throws -> ImportOutcome {
        switch record {
        case .section(let section):
            let id = try await sectionID(section.path, name: section.name)
            try await connection.run("""
                UPDATE section SET name = \(section.name), position = \(Int64(section.position)) WHERE id = \(id)
                """, logger: logger)
            return .sectionSaved
        case .article(let document):
            return try await save(document)
        }
    }

    mutating func save(_ document: ArticleDocument) async throws -> ImportOutcome {
        let fields = ArticleFields(
            imported: document, sectionID: try await sectionID(document.section, name: nil), now: now)
        let links = ArticleLinks(
            document, reporterIDs: try await reporterIDs(document), tagIDs: try await tagIDs(document),
            takenAt: fields.publishedAt ?? now.milliseconds)

        if let externalID = document.externalID, let existing = articleID(externalID: externalID) {
            if try await update(existing, with: fields, links: links) { return .articleUpdated }
        }
        let search = Self.searchDocument(document)
        let rows = try await connection.rows(Self.insertQuery(fields, links: links, search: search), logger: logger)
        let articleID = try rows.first?.decode(Int64.self) ?? 0
        if let externalID = document.externalID { pending.articles[externalID] = articleID }
        return .articleCreated
    }

    /// Replaces an existing article's content and links; false when it is gone (another
    /// node deleted it since the batch began), in which case it is created again.
    mutating func update(_ id: Int64, with fields: ArticleFields, links: ArticleLinks) async throws -> Bool {
        var fields = fields
        fields.updatedAt = max(now.milliseconds, fields.publishedAt ?? 0)
        let updated = try await connection.rows("""
            WITH authors AS (DELETE FROM articleAuthor WHERE articleId = \(id)),
                 tags AS (DELETE FROM articleTag WHERE articleId = \(id)),
                 photos AS (DELETE FROM photo WHERE articleId = \(id))
            UPDATE article SET headline = \(fields.headline), subheadlines = \(fields.subheadlines), body = \(fields.body),
                summary = \(fields.summary), sectionId = \(fields.sectionId), dateline = \(fields.dateline),
                isBreaking = \(fields.isBreaking), status = \(fields.status), publishedAt = \(fields.publishedAt),
                createdAt = \(fields.createdAt), updatedAt = \(fields.updatedAt), externalId = \(fields.externalId),
                grade = \(fields.grade), kind = \(fields.kind)
            WHERE id = \(id) RETURNING id
            """, logger: logger)
        guard !updated.isEmpty else { return false }
        var query = PostgresQuery.StringInterpolation(literalCapacity: 2048, interpolationCount: 16)
        query.appendLiteral("WITH a AS (SELECT ")
        query.appendInterpolation(id)
        query.appendLiteral("::bigint AS id)")
        Self.appendLinks(links, to: &query)
        query.appendLiteral(" SELECT id FROM a")
        try await connection.run(PostgresQuery(stringInterpolation: query), logger: logger)
        try await SearchIndex.reindex(id, connection: connection, logger: logger)
        return true
    }

    /// One statement: the article row, its authors, tags, photos and search entry.
    static func insertQuery(_ fields: ArticleFields, links: ArticleLinks, search: String) -> PostgresQuery {
        var query = PostgresQuery.StringInterpolation(literalCapacity: 2048, interpolationCount: 32)
        query.appendLiteral("""
            WITH a AS (
                INSERT INTO article (headline, subheadlines, body, summary, sectionId, dateline, isBreaking, status,
                                     publishedAt, createdAt, updatedAt, externalId, grade, kind)
                VALUES (
            """)
        query.appendInterpolation(fields.headline)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.subheadlines)
        query.appendLiteral("::text[], ")
        query.appendInterpolation(fields.body)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.summary)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.sectionId)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.dateline)
        query.appendLiteral("::text, ")
        query.appendInterpolation(fields.isBreaking)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.status)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.publishedAt)
        query.appendLiteral("::bigint, ")
        query.appendInterpolation(fields.createdAt)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.updatedAt)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.externalId)
        query.appendLiteral("::text, ")
        query.appendInterpolation(fields.grade)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.kind)
        query.appendLiteral(") RETURNING id)")
        appendLinks(links, to: &query)
        query.appendLiteral(", search AS (INSERT INTO articleSearch (articleId, document) SELECT a.id, ")
        query.appendInterpolation(search)
        query.appendLiteral("::tsvector FROM a) SELECT id FROM a")
        return PostgresQuery(stringInterpolation: query)
    }

    /// Common table expressions inserting the links of the article `a` names, one statement
    /// per table whatever the number of rows: arrays unnested side by side.
    static func appendLinks(_ links: ArticleLinks, to query: inout PostgresQuery.StringInterpolation) {
        if !links.authorIDs.isEmpty {
            query.appendLiteral("""
                , authors AS (INSERT INTO articleAuthor (articleId, reporterId, position)
                    SELECT a.id, x.reporterId, x.position FROM a, unnest(
                """)
            query.appendInterpolation(links.authorIDs)
            query.appendLiteral("::bigint[], ")
            query.appendInterpolation(links.authorPositions)
            query.appendLiteral("::bigint[]) AS x(reporterId, position) ON CONFLICT DO NOTHING)")
        }
        if !links.tagIDs.isEmpty {
            query.appendLiteral(", tags AS (INSERT INTO articleTag (articleId, tagId) SELECT a.id, x.tagId FROM a, unnest(")
            query.appendInterpolation(links.tagIDs)
            query.appendLiteral("::bigint[]) AS x(tagId))")
        }
        guard !links.photos.isEmpty else { return }
        let photos = links.photos
        // Arrays cannot hold a bound NULL here, so optional values travel with a flag.
        query.appendLiteral("""
            , photos AS (INSERT INTO photo (articleId, position, url, caption, alt, photographerId, credit, takenAt, width, height)
                SELECT a.id, x.n - 1, x.url, x.caption, x.alt, CASE WHEN x.hasPhotographer THEN x.photographerId END, x.credit,
            """)
        query.appendInterpolation(links.takenAt)
        query.appendLiteral("::bigint, CASE WHEN x.hasWidth THEN x.width END, CASE WHEN x.hasHeight THEN x.height END FROM a, unnest(")
        query.appendInterpolation(photos.map(\.url))
        query.appendLiteral("::text[], ")
        query.appendInterpolation(photos.map(\.caption))
        query.appendLiteral("::text[], ")
        query.appendInterpolation(photos.map(\.alt))
        query.appendLiteral("::text[], ")
        query.appendInterpolation(photos.map { $0.photographerID ?? 0 })
        query.appendLiteral("::bigint[], ")
        query.appendInterpolation(photos.map { $0.photographerID != nil })
        query.appendLiteral("::boolean[], ")
        query.appendInterpolation(photos.map(\.credit))
        query.appendLiteral("::text[], ")
        query.appendInterpolation(photos.map { Int64($0.width ?? 0) })
        query.appendLiteral("::bigint[], ")
        query.appendInterpolation(photos.map { $0.width != nil })
        query.appendLiteral("::boolean[], ")
        query.appendInterpolation(photos.map { Int64($0.height ?? 0) })
        query.appendLiteral("::bigint[], ")
        query.appendInterpolation(photos.map { $0.height != nil })
        query.appendLiteral("""
            ::boolean[]) WITH ORDINALITY
                AS x(url, caption, alt, photographerId, hasPhotographer, credit, width, hasWidth, height, hasHeight, n))
            """)
    }

    // MARK: - Looking ids up

    func articleID(externalID: String) -> Int64? { pending.articles[externalID] ?? known.articles[externalID] }

    /// Reads, for the whole batch at once, the sections, reporters, tags and external ids
    /// it names that already exist.
    mutating func rememberIDs(for records: [ExchangeRecord]) async throws {
        var emails = Set<String>(), tagNames = Set<String>(), externalIDs = Set<String>()
        for case .article(let document) in records {
            for byline in document.authors + document.photos.compactMap(\.photographer) { emails.insert(byline.email.lowercased()) }
            for tag in document.tags { tagNames.insert(tag.name) }
            if let externalID = document.externalID { externalIDs.insert(externalID) }
        }
        let tree = SectionTree(try await connection.rows("SELECT \(unescaped: Section.columns) FROM section", logger: logger)
            .map(Section.init))
        for section in tree.sections {
            if let path = tree.path(of: section.id) { known.sections[path] = section.id.rawValue }
        }
        if !emails.isEmpty {
            for row in try await connection.rows("""
                SELECT k.email, reporter.id FROM unnest(\(Array(emails))::text[]) AS k(email)
                JOIN reporter ON lower(reporter.email) = lower(k.email)
                """, logger: logger) {
                let (email, id) = try row.decode((String, Int64).self)
                known.reporters[email] = id
            }
        }
        if !tagNames.isEmpty {
            for row in try await connection.rows("SELECT name, id FROM tag WHERE name = ANY(\(Array(tagNames)))", logger: logger) {
                let (name, id) = try row.decode((String, Int64).self)
                known.tags[name] = id
            }
        }
        if !externalIDs.isEmpty {
            for row in try await connection.rows("""
                SELECT externalId, id FROM article WHERE externalId = ANY(\(Array(externalIDs)))
                """, logger: logger) {
                let (externalID, id) = try row.decode((String, Int64).self)
                known.articles[externalID] = id
            }
        }
    }

    /// The section at `path`, created with its missing parents (named after their slugs) when unknown.
    mutating func sectionID(_ path: SectionPath, name: String?) async throws -> Int64 {
        if let id = pending.sections[path] ?? known.sections[path] { return id }
        var parent: Int64?
        for depth in 1...path.slugs.count {
            let prefix = SectionPath(slugs: Array(path.slugs.prefix(depth)))
            var found = pending.sections[prefix] ?? known.sections[prefix]
            if found == nil {
                found = try await PostgresNewsStore.sectionID(at: prefix, connection: connection, logger: logger)
            }
            if let id = found {
                pending.sections[prefix] = id
                parent = id
                continue
            }
            let slug = prefix.slugs.last ?? ""
            let sectionName = depth == path.slugs.count ? (name ?? slug) : slug
            let rows = try await connection.rows("""
                INSERT INTO section (parentId, slug, name, position) VALUES (\(parent), \(slug), \(sectionName), 1000)
                RETURNING id
                """, logger: logger)
            let id = try rows.first?.decode(Int64.self) ?? 0
            pending.sections[prefix] = id
            parent = id
        }
        return parent ?? 0
    }

    /// Ids of the document's authors and photographers by lowercased e-mail; reporters not
    /// yet known are created, named as in this byline, in the order they appear.
    mutating func reporterIDs(_ document: ArticleDocument) async throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        var missing: [Byline] = []
        for byline in document.authors + document.photos.compactMap(\.photographer) {
            let key = byline.email.lowercased()
            guard ids[key] == nil, !missing.contains(where: { $0.email.lowercased() == key }) else { continue }
            if let id = pending.reporters[key] ?? known.reporters[key] {
                ids[key] = id
            } else {
                missing.append(byline)
            }
        }
        guard !missing.isEmpty else { return ids }
        // ON CONFLICT: a reporter another node added meanwhile is looked up below.
        for row in try await connection.rows("""
            INSERT INTO reporter (name, email, beat)
            SELECT x.name, x.email, '' FROM unnest(\(missing.map(\.name))::text[], \(missing.map(\.email))::text[])
                WITH ORDINALITY AS x(name, email, n)
            ORDER BY x.n
            ON CONFLICT DO NOTHING RETURNING email, id
            """, logger: logger) {
            let (email, id) = try row.decode((String, Int64).self)
            ids[email.lowercased()] = id
        }
        let unresolved = missing.map { $0.email.lowercased() }.filter { ids[$0] == nil }
        if !unresolved.isEmpty {
            for row in try await connection.rows("""
                SELECT k.email, reporter.id FROM unnest(\(unresolved)::text[]) AS k(email)
                JOIN reporter ON lower(reporter.email) = lower(k.email)
                """, logger: logger) {
                let (email, id) = try row.decode((String, Int64).self)
                ids[email] = id
            }
        }
        for byline in missing {
            let key = byline.email.lowercased()
            guard let id = ids[key] else { throw BylineError.invalidInput("기자 '\(key)'을(를) 찾을 수 없습니다.") }
            pending.reporters[key] = id
        }
        return ids
    }

    /// Ids of the document's tags by name, each created when unknown.
    mutating func tagIDs(_ document: ArticleDocument) async throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        // By name, so that nodes creating the same new tags lock them in the same order.
        for tag in document.tags.sorted(by: { $0.name < $1.name }) where ids[tag.name] == nil {
            if let id = pending.tags[tag.name] ?? known.tags[tag.name] {
                ids[tag.name] = id
            } else {
                let id = try await PostgresNewsStore.tagID(for: tag, connection: connection, logger: logger)
                pending.tags[tag.name] = id
                ids[tag.name] = id
            }
        }
        return ids
    }
}

extension ArticleFields {
    /// The article row an imported document makes: published when it has a time, else a draft.
    init(imported document: ArticleDocument, sectionID: Int64, now: Date) {
        let publishedAt = document.publishedAt?.milliseconds
        self.init(
            headline: document.headline, subheadlines: document.subheadlines, body: document.body,
            summary: NewArticle.summary(fromMarkdown: document.body), sectionId: sectionID, dateline: document.dateline,
            isBreaking: document.isBreaking, status: publishedAt == nil ? "draft" : "published", publishedAt: publishedAt,
            createdAt: now.milliseconds, updatedAt: publishedAt ?? now.milliseconds, externalId: document.externalID,
            grade: document.grade.rawValue, kind: document.kind.rawValue)
    }
}

/// An imported article's authors, tags and photos, as ids and column arrays.
private struct ArticleLinks {
    struct PhotoValues {
        var url: String
        var caption: String
        var alt: String
        var photographerID: Int64?
        var credit: String
        var width: Int?
        var height: Int?
    }

    /// Each reporter once, at the position of their first mention (SQLite ignores the repeats).
    var authorIDs: [Int64] = []
    var authorPositions: [Int64] = []
    var tagIDs: [Int64] = []
    var photos: [PhotoValues] = []
    var takenAt: Int64

    init(_ document: ArticleDocument, reporterIDs: [String: Int64], tagIDs: [String: Int64], takenAt: Int64) {
        self.takenAt = takenAt
        var seen = Set<Int64>()
        for (position, author) in document.authors.enumerated() {
            guard let id = reporterIDs[author.email.lowercased()], seen.insert(id).inserted else { continue }
            authorIDs.append(id)
            authorPositions.append(Int64(position))
        }
        self.tagIDs = Array(Set(document.tags.compactMap { tagIDs[$0.name] }))
        photos = document.photos.map { photo in
            PhotoValues(
                url: photo.url, caption: photo.caption, alt: photo.alt,
                photographerID: photo.photographer.flatMap { reporterIDs[$0.email.lowercased()] },
                credit: photo.credit, width: photo.width, height: photo.height)
        }
    }
}

/// New articles saved together: every column of every row as one array, unnested side by
/// side, so a chunk of hundreds costs one statement.
private struct ArticleChunk {
    var headlines: [String] = [], subheadlines: [String] = [], bodies: [String] = [], summaries: [String] = []
    var sectionIDs: [Int64] = [], datelines: [String] = [], hasDateline: [Bool] = [], isBreaking: [Bool] = []
    var statuses: [String] = [], publishedAt: [Int64] = [], hasPublishedAt: [Bool] = []
    var createdAt: [Int64] = [], updatedAt: [Int64] = []
    var externalIDs: [String] = [], hasExternalID: [Bool] = [], grades: [String] = [], kinds: [String] = []
    var searchDocuments: [String] = []
    /// Link rows name their article by its index in the chunk until ids are known.
    var authorArticles: [Int] = [], authorIDs: [Int64] = [], authorPositions: [Int64] = []
    var tagArticles: [Int] = [], tagIDs: [Int64] = []
    var photoArticles: [Int] = [], photoPositions: [Int64] = [], photos: [ArticleLinks.PhotoValues] = []
    var photoTakenAt: [Int64] = []

    mutating func append(_ fields: ArticleFields, links: ArticleLinks, search: String) {
        let index = headlines.count
        headlines.append(fields.headline)
        // Arrays of arrays must be rectangular in PostgreSQL: each article's list travels as JSON.
        subheadlines.append(Self.json(fields.subheadlines))
        bodies.append(fields.body)
        summaries.append(fields.summary)
        sectionIDs.append(fields.sectionId)
        datelines.append(fields.dateline ?? "")
        hasDateline.append(fields.dateline != nil)
        isBreaking.append(fields.isBreaking)
        statuses.append(fields.status)
        publishedAt.append(fields.publishedAt ?? 0)
        hasPublishedAt.append(fields.publishedAt != nil)
        createdAt.append(fields.createdAt)
        updatedAt.append(fields.updatedAt)
        externalIDs.append(fields.externalId ?? "")
        hasExternalID.append(fields.externalId != nil)
        grades.append(fields.grade)
        kinds.append(fields.kind)
        searchDocuments.append(search)
        authorArticles += Array(repeating: index, count: links.authorIDs.count)
        authorIDs += links.authorIDs
        authorPositions += links.authorPositions
        tagArticles += Array(repeating: index, count: links.tagIDs.count)
        tagIDs += links.tagIDs
        photoArticles += Array(repeating: index, count: links.photos.count)
        photoPositions += links.photos.indices.map(Int64.init)
        photos += links.photos
        photoTakenAt += Array(repeating: links.takenAt, count: links.photos.count)
    }

    static func json(_ strings: [String]) -> String {
        guard let data = try? JSONEncoder().encode(strings) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    func insertQuery(ids: [Int64]) -> PostgresQuery {
        let authorArticleIDs = authorArticles.map { ids[$0] }
        let tagArticleIDs = tagArticles.map { ids[$0] }
        let photoArticleIDs = photoArticles.map { ids[$0] }
        return """
            WITH a AS (
                INSERT INTO article (id, headline, subheadlines, body, summary, sectionId, dateline, isBreaking, status,
                                     publishedAt, createdAt, updatedAt, externalId, grade, kind)
                SELECT x.id, x.headline, ARRAY(SELECT jsonb_array_elements_text(x.subheadlines::jsonb)), x.body, x.summary,
                       x.sectionId, CASE WHEN x.hasDateline THEN x.dateline END, x.isBreaking, x.status,
                       CASE WHEN x.hasPublishedAt THEN x.publishedAt END, x.createdAt, x.updatedAt,
                       CASE WHEN x.hasExternalId THEN x.externalId END, x.grade, x.kind
                FROM unnest(\(ids)::bigint[], \(headlines)::text[], \(subheadlines)::text[], \(bodies)::text[],
                            \(summaries)::text[], \(sectionIDs)::bigint[], \(datelines)::text[], \(hasDateline)::boolean[],
                            \(isBreaking)::boolean[], \(statuses)::text[], \(publishedAt)::bigint[], \(hasPublishedAt)::boolean[],
                            \(createdAt)::bigint[], \(updatedAt)::bigint[], \(externalIDs)::text[], \(hasExternalID)::boolean[],
                            \(grades)::text[], \(kinds)::text[])
                    AS x(id, headline, subheadlines, body, summary, sectionId, dateline, hasDateline, isBreaking, status,
                         publishedAt, hasPublishedAt, createdAt, updatedAt, externalId, hasExternalId, grade, kind)
                ORDER BY x.id),
            authors AS (
                INSERT INTO articleAuthor (articleId, reporterId, position)
                SELECT * FROM unnest(\(authorArticleIDs)::bigint[], \(authorIDs)::bigint[], \(authorPositions)::bigint[])
                ON CONFLICT DO NOTHING),
            tags AS (
                INSERT INTO articleTag (articleId, tagId) SELECT * FROM unnest(\(tagArticleIDs)::bigint[], \(tagIDs)::bigint[])),
            photos AS (
                INSERT INTO photo (articleId, position, url, caption, alt, photographerId, credit, takenAt, width, height)
                SELECT x.articleId, x.position, x.url, x.caption, x.alt, CASE WHEN x.hasPhotographer THEN x.photographerId END,
                       x.credit, x.takenAt, CASE WHEN x.hasWidth THEN x.width END, CASE WHEN x.hasHeight THEN x.height END
                FROM unnest(\(photoArticleIDs)::bigint[], \(photoPositions)::bigint[], \(photos.map(\.url))::text[],
                            \(photos.map(\.caption))::text[], \(photos.map(\.alt))::text[],
                            \(photos.map { $0.photographerID ?? 0 })::bigint[], \(photos.map { $0.photographerID != nil })::boolean[],
                            \(photos.map(\.credit))::text[], \(photoTakenAt)::bigint[],
                            \(photos.map { Int64($0.width ?? 0) })::bigint[], \(photos.map { $0.width != nil })::boolean[],
                            \(photos.map { Int64($0.height ?? 0) })::bigint[], \(photos.map { $0.height != nil })::boolean[])
                    AS x(articleId, position, url, caption, alt, photographerId, hasPhotographer, credit, takenAt,
                         width, hasWidth, height, hasHeight))
            INSERT INTO articleSearch (articleId, document)
            SELECT x.articleId, x.document::tsvector FROM unnest(\(ids)::bigint[], \(searchDocuments)::text[]) AS x(articleId, document)
            """
    }
}
