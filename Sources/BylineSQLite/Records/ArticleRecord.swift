import BylineCore
import BylineMarkup
import Foundation
import GRDB

/// A row of `article`.
struct ArticleRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "article"
    var id: Int64?
    var headline: String
    var subheadlines: [String]
    var body: String
    var summary: String
    var sectionId: Int64
    var dateline: String?
    var isBreaking: Bool
    var status: String
    var publishedAt: Int64?
    var createdAt: Int64
    var updatedAt: Int64
    /// The article's id in the system it was imported from.
    var externalId: String?
    var grade: String = ArticleGrade.normal.rawValue
    var kind: String = ArticleKind.article.rawValue
    /// The account that created it in the newsroom; imports and the demo have none.
    var ownerId: Int64?
    var embargoUntil: Int64?
    /// The body as `BodyHTML` renders it, and the renderer's version that did.
    var bodyHtml: String?
    var bodyHtmlVersion: Int = 0
    // `version` is not here: every save and workflow step bumps it in SQL (`version + 1`),
    // in the same transaction that checked it.

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The columns an `Article` is made of, once the row has an id.
    var stored: StoredArticle? {
        id.map {
            StoredArticle(
                id: $0, headline: headline, subheadlines: subheadlines, body: body, summary: summary, sectionID: sectionId,
                dateline: dateline, isBreaking: isBreaking, publishedAt: publishedAt, createdAt: createdAt, updatedAt: updatedAt,
                grade: grade, kind: kind, bodyHTML: bodyHtmlVersion == BodyHTML.rendererVersion ? bodyHtml : nil)
        }
    }

    /// Renders the body's HTML after the Markdown was set or changed (or takes the rendering
    /// an import made already).
    mutating func renderBody(prerendered: String? = nil) {
        bodyHtml = BodyHTML.stored(prerendered, markdown: body)
        bodyHtmlVersion = BodyHTML.rendererVersion
    }
}

extension ArticleRecord {
    /// Read column by column: GRDB's Decodable path was an eighth of reading an article.
    init(row: Row) throws {
        id = row["id"]
        headline = row["headline"]
        subheadlines = try Self.subheadlines(row["subheadlines"])
        body = row["body"]
        summary = row["summary"]
        sectionId = row["sectionId"]
        dateline = row["dateline"]
        isBreaking = row["isBreaking"]
        status = row["status"]
        publishedAt = row["publishedAt"]
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
        externalId = row["externalId"]
        grade = row["grade"]
        kind = row["kind"]
        ownerId = row["ownerId"]
        embargoUntil = row["embargoUntil"]
        bodyHtml = row["bodyHtml"]
        bodyHtmlVersion = row["bodyHtmlVersion"]
    }

    /// The columns `Positional` reads, in its order.
    static let columns = """
        article.id, article.headline, article.subheadlines, article.body, article.summary, article.sectionId, \
        article.dateline, article.isBreaking, article.status, article.publishedAt, article.createdAt, article.updatedAt, \
        article.externalId, article.grade, article.kind, article.ownerId, article.embargoUntil, article.bodyHtml, \
        article.bodyHtmlVersion
        """

    /// A record read from `columns` by position. By name, GRDB lowercased and hashed every
    /// column name of the row to find each value: a thirtieth of an article page.
    init(_ row: StatementRow) throws {
        try self.init(
            id: row.optional(0), headline: row[1], subheadlines: Self.subheadlines(row[2]), body: row[3], summary: row[4],
            sectionId: row[5], dateline: row.optional(6), isBreaking: row[7], status: row[8], publishedAt: row.optional(9),
            createdAt: row[10], updatedAt: row[11], externalId: row.optional(12), grade: row[13], kind: row[14],
            ownerId: row.optional(15), embargoUntil: row.optional(16), bodyHtml: row.optional(17), bodyHtmlVersion: row[18])
    }

    /// A JSON array, as GRDB encodes it on save; most articles have none.
    private static func subheadlines(_ stored: String) throws -> [String] {
        stored == "[]" ? [] : try JSONDecoder().decode([String].self, from: Data(stored.utf8))
    }
}

/// The columns a list needs, without the body.
struct ArticleSummaryRow: Sendable {
    var id: Int64
    var headline: String
    var summary: String
    var sectionId: Int64
    var isBreaking: Bool
    var publishedAt: Int64
    var grade: String
    var kind: String

    static let columns = """
        article.id, article.headline, article.summary, article.sectionId, article.isBreaking, article.publishedAt, \
        article.grade, article.kind
        """

    func domain(leadPhoto: Photo?) -> ArticleSummary {
        ArticleSummary(
            id: ArticleID(rawValue: id), headline: headline, summary: summary,
            sectionID: SectionID(rawValue: sectionId), isBreaking: isBreaking,
            publishedAt: Date(milliseconds: publishedAt), leadPhoto: leadPhoto,
            grade: ArticleGrade(rawValue: grade) ?? .normal, kind: ArticleKind(rawValue: kind) ?? .article)
    }
}

extension ArticleSummaryRow {
    /// Read column by column, by position: every query selects `columns` first, in that order.
    /// GRDB's Decodable path costs several times more, and a lookup by name hashes and
    /// lowercases the name, on every card of every list.
    init(_ row: StatementRow) throws {
        try self.init(
            id: row[0], headline: row[1], summary: row[2], sectionId: row[3], isBreaking: row[4],
            publishedAt: row[5], grade: row[6], kind: row[7])
    }
}
