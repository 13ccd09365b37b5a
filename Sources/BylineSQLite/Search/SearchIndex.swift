import Foundation
import BylineCore
import GRDB

/// Keeps the full-text index in step with articles. Text is tokenized in Swift by
/// `SearchTokenizer` (the same terms any backend indexes) and stored pre-split in an
/// FTS5 table whose rowid is the article id; visibility is checked against `article`
/// at query time, so an embargoed or unpublished article is never found.
enum SearchIndex {
    /// Rebuilds the index entry of one article, inside the caller's transaction.
    static func reindex(_ articleID: Int64, db: Database) throws {
        try db.execute(sql: "DELETE FROM articleSearch WHERE rowid = ?", arguments: [articleID])
        guard let row = try Row.fetchOne(db, sql: """
            SELECT headline, subheadlines, body,
                   (SELECT group_concat(tag.name, ' ') FROM articleTag JOIN tag ON tag.id = articleTag.tagId
                    WHERE articleTag.articleId = article.id) AS tags,
                   (SELECT group_concat(reporter.name, ' ') FROM articleAuthor JOIN reporter ON reporter.id = articleAuthor.reporterId
                    WHERE articleAuthor.articleId = article.id) AS people
            FROM article WHERE id = ?
            """, arguments: [articleID])
        else { return }
        let subheadlines = (row["subheadlines"] as String?).flatMap { text in
            try? JSONDecoder().decode([String].self, from: Data(text.utf8))
        } ?? []
        try insert(
            articleID, headline: row["headline"] ?? "", text: subheadlines + [row["body"] ?? ""],
            tags: row["tags"] ?? "", people: row["people"] ?? "", db: db)
    }

    /// Adds the entry of an article that has none yet, from values the caller already holds
    /// (the importer), which saves reading them back.
    static func insert(_ articleID: Int64, headline: String, text: [String], tags: String, people: String, db: Database) throws {
        func tokens(_ text: String) -> String { SearchTokenizer.terms(text).joined(separator: " ") }
        let statement = try db.cachedStatement(
            sql: "INSERT INTO articleSearch (rowid, headline, body, tags, people) VALUES (?, ?, ?, ?, ?)")
        try statement.execute(arguments: [
            articleID, tokens(headline), tokens(text.joined(separator: "\n")), tokens(tags), tokens(people),
        ])
    }

    /// Rebuilds the index entry of one library picture (its caption, credit and by-line),
    /// inside the caller's transaction.
    static func reindexLibraryPhoto(_ id: Int64, db: Database) throws {
        func tokens(_ text: String) -> String { SearchTokenizer.terms(text).joined(separator: " ") }
        try db.execute(sql: "DELETE FROM libraryPhotoSearch WHERE rowid = ?", arguments: [id])
        guard let row = try Row.fetchOne(db, sql: "SELECT caption, credit, byline FROM libraryPhoto WHERE id = ?", arguments: [id])
        else { return }
        try db.execute(
            sql: "INSERT INTO libraryPhotoSearch (rowid, caption, credit, byline) VALUES (?, ?, ?, ?)",
            arguments: [id, tokens(row["caption"] ?? ""), tokens(row["credit"] ?? ""), tokens(row["byline"] ?? "")])
    }

    /// The FTS5 MATCH expression for a query: every clause must match (AND); a clause of
    /// several terms is a phrase, so its bigrams must be adjacent, as in the text.
    static func matchExpression(_ query: SearchQuery) -> String {
        query.clauses.map { clause in
            // Terms hold only letters, digits and CJK characters, so quoting them is safe.
            "\"" + clause.terms.joined(separator: " ") + "\"" + (clause.isPrefix ? "*" : "")
        }.joined(separator: " AND ")
    }
}
