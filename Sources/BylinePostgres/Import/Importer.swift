import BylineCore
import BylineMarkup
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
        } catch let refusal as StorageRefusal {
            outcome = .failed(refusal.explanation)
        } catch let error as BylineError {
            guard case .invalidInput(let message) = error else { throw error }
            outcome = .failed(message)
        } catch let error as PSQLError where Self.refusesRecord(error) {
            outcome = .failed(StorageRefusal.unstorable(detail: error.serverInfo?[.message] ?? "constraint").explanation)
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
                chunk.append(fields, links: links, search: Self.searchEntry(document))
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
            return ids.map { .articleCreated(ArticleID(rawValue: $0)) }
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
    static func searchEntry(_ document: ArticleDocument) -> SearchIndex.Entry {
        SearchIndex.entry(
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
            if try await update(existing, with: fields, links: links) { return .articleUpdated(ArticleID(rawValue: existing)) }
        }
        let search = Self.searchEntry(document)
        let rows = try await connection.rows(Self.insertQuery(fields, links: links, search: search), logger: logger)
        let articleID = try rows.first?.decode(Int64.self) ?? 0
        if let externalID = document.externalID { pending.articles[externalID] = articleID }
        return .articleCreated(ArticleID(rawValue: articleID))
    }

    /// Replaces an existing article's content and links; false when it is gone (another
    /// node deleted it since the batch began), in which case it is created again.
    mutating func update(_ id: Int64, with fields: ArticleFields, links: ArticleLinks) async throws -> Bool {
        let status = try await connection.rows("SELECT status FROM article WHERE id = \(id) FOR UPDATE", logger: logger)
        guard let current = try status.first?.decode(String.self) else { return false }
        guard current != "killed" else { throw StorageRefusal.articleKilled }
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
                grade = \(fields.grade), kind = \(fields.kind), bodyHtml = \(fields.bodyHtml),
                bodyHtmlVersion = \(BodyHTML.rendererVersion)
            WHERE id = \(id) RETURNING id
            """, logger: logger)
        guard !updated.isEmpty else { return false }
        var query = PostgresQuery.StringInterpolation(literalCapacity: 2048, interpolationCount: 16)
        // The links read the article's public time as the insert's `RETURNING` gives it.
        query.appendLiteral("WITH a AS (SELECT id, status, publishedAt FROM article WHERE id = ")
        query.appendInterpolation(id)
        query.appendLiteral("::bigint)")
        Self.appendLinks(links, to: &query)
        query.appendLiteral(" SELECT id FROM a")
        try await connection.run(PostgresQuery(stringInterpolation: query), logger: logger)
        try await SearchIndex.reindex(id, connection: connection, logger: logger)
        return true
    }
}
