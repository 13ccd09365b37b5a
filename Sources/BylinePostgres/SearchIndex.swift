import BylineCore
import Foundation
import Logging
import PostgresNIO

/// Keeps the full-text index in step with articles. Text is tokenized in Swift by
/// `SearchTokenizer`, the same terms SQLite indexes, and written as a `tsvector`
/// literal, so PostgreSQL's own parsers and dictionaries never change a term.
enum SearchIndex {
    /// Rebuilds the index entry of one article, inside the caller's transaction.
    static func reindex(_ articleID: Int64, connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.rows("""
            SELECT headline, subheadlines, body,
                   coalesce((SELECT string_agg(tag.name, ' ') FROM articleTag JOIN tag ON tag.id = articleTag.tagId
                             WHERE articleTag.articleId = article.id), ''),
                   coalesce((SELECT string_agg(reporter.name, ' ') FROM articleAuthor
                             JOIN reporter ON reporter.id = articleAuthor.reporterId
                             WHERE articleAuthor.articleId = article.id), '')
            FROM article WHERE id = \(articleID)
            """, logger: logger)
        guard let row = rows.first else {
            try await connection.run("DELETE FROM articleSearch WHERE articleId = \(articleID)", logger: logger)
            return
        }
        let (headline, subheadlines, body, tags, people) = try row.decode((String, [String], String, String, String).self)
        try await write(
            articleID, document: document(headline: headline, text: subheadlines + [body], tags: tags, people: people),
            connection: connection, logger: logger)
    }

    static func write(_ articleID: Int64, document: String, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("""
            INSERT INTO articleSearch (articleId, document, isPublished, publishedAt, sectionId)
            SELECT id, \(document)::tsvector, status = 'published', publishedAt, sectionId FROM article WHERE id = \(articleID)
            ON CONFLICT (articleId) DO UPDATE SET document = excluded.document, isPublished = excluded.isPublished,
                publishedAt = excluded.publishedAt, sectionId = excluded.sectionId
            """, logger: logger)
    }

    /// A `tsvector` literal: each term with its position and weight (A headline, B tags and
    /// people, D body). Fields are kept apart by a gap in positions, so a phrase never
    /// matches across the end of one and the start of the next.
    static func document(headline: String, text: [String], tags: String, people: String) -> String {
        document([(headline, "A"), (tags, "B"), (people, "B"), (text.joined(separator: "\n"), "D")])
    }

    /// A `tsvector` literal of several fields, each with its weight.
    static func document(_ fields: [(text: String, weight: Character)]) -> String {
        var entries: [String] = []
        var position = 1
        for (text, weight) in fields {
            for term in SearchTokenizer.terms(text) {
                entries.append("'\(escaped(term))':\(min(position, 16_383))\(weight)")
                position += 1
            }
            position += 10
        }
        return entries.joined(separator: " ")
    }

    /// A library picture's terms: caption, credit and by-line.
    static func libraryDocument(caption: String, credit: String, byline: String) -> String {
        document([(caption, "A"), (credit, "B"), (byline, "B")])
    }

    /// Indexes the library pictures that have no terms yet: those added before the library
    /// was searchable. Every later write sets them.
    static func indexLibraryPhotos(_ connection: PostgresConnection, logger: Logger) async throws {
        let batch = 500
        var indexed = batch
        while indexed == batch {
            let rows = try await connection.rows("""
                SELECT id, caption, credit, byline FROM libraryPhoto WHERE search IS NULL ORDER BY id LIMIT \(batch)
                """, logger: logger)
            var ids: [Int64] = [], documents: [String] = []
            for row in rows {
                let (id, caption, credit, byline) = try row.decode((Int64, String, String, String).self)
                ids.append(id)
                documents.append(libraryDocument(caption: caption, credit: credit, byline: byline))
            }
            try await connection.run("""
                UPDATE libraryPhoto SET search = x.document::tsvector
                FROM unnest(\(ids)::bigint[], \(documents)::text[]) AS x(id, document) WHERE libraryPhoto.id = x.id
                """, logger: logger)
            indexed = rows.count
        }
    }

    /// A `tsquery` for a search: every clause must match (`&`); a clause of several terms is
    /// a phrase (`<->`, adjacent as in the text); a prefix clause's last term matches prefixes.
    static func query(_ query: SearchQuery) -> String {
        query.clauses.map { clause in
            let terms = clause.terms.map { "'\(escaped($0))'" }
            return "(" + terms.joined(separator: " <-> ") + (clause.isPrefix ? ":*" : "") + ")"
        }.joined(separator: " & ")
    }

    /// Terms hold letters, digits and CJK characters only; quotes and backslashes are
    /// escaped all the same, so no input can change the literal's structure.
    private static func escaped(_ term: String) -> String {
        term.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''")
    }
}
