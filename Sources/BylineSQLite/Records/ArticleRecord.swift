import BylineCore
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

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The columns a list needs, without the body.
struct ArticleSummaryRow: Decodable, FetchableRecord, Sendable {
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

extension Date {
    init(milliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }

    var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }
}
