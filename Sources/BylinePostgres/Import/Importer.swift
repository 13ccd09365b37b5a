import BylineCore
import Foundation
import Logging
import PostgresNIO

/// Ids the importer knows, so that a batch of thousands costs few queries.
struct RememberedIDs {
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
struct Importer {
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
        query.appendLiteral(") RETURNING id, status, publishedAt, sectionId)")
        appendLinks(links, to: &query)
        query.appendLiteral(", search AS (INSERT INTO articleSearch (articleId, document, isPublished, publishedAt, sectionId) SELECT a.id, ")
        query.appendInterpolation(search)
        query.appendLiteral("::tsvector, a.status = 'published', a.publishedAt, a.sectionId FROM a) SELECT id FROM a")
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
