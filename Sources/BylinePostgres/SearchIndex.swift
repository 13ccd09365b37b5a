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
        var entries: [String] = []
        var position = 1
        func add(_ field: String, weight: Character) {
            for term in SearchTokenizer.terms(field) {
                entries.append("'\(escaped(term))':\(min(position, 16_383))\(weight)")
                position += 1
            }
            position += 10
        }
        add(headline, weight: "A")
        add(tags, weight: "B")
        add(people, weight: "B")
        add(text.joined(separator: "\n"), weight: "D")
        return entries.joined(separator: " ")
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
