import BylineCore
import BylineMarkup
import Foundation
import PostgresNIO

/// A row of `article`, read through `ArticleRow.columns` in that order.
struct ArticleRow: Sendable {
    var id: Int64
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
    var externalId: String?
    var grade: String
    var kind: String
    var version: Int64
    var ownerId: Int64?
    var embargoUntil: Int64?
    var returnNote: String?
    var trashedAt: Int64?
    /// `nil` when the stored rendering is older than this build's renderer.
    var bodyHtml: String?

    /// The columns an `Article` is made of.
    var stored: StoredArticle {
        StoredArticle(
            id: id, headline: headline, subheadlines: subheadlines, body: body, summary: summary, sectionID: sectionId,
            dateline: dateline, isBreaking: isBreaking, publishedAt: publishedAt, createdAt: createdAt, updatedAt: updatedAt,
            grade: grade, kind: kind, bodyHTML: bodyHtml)
    }

    static let columns = """
        article.id, article.headline, article.subheadlines, article.body, article.summary, article.sectionId, \
        article.dateline, article.isBreaking, article.status, article.publishedAt, article.createdAt, article.updatedAt, \
        article.externalId, article.grade, article.kind, article.version, article.ownerId, article.embargoUntil, \
        article.returnNote, article.trashedAt, \
        CASE WHEN article.bodyHtmlVersion = \(BodyHTML.rendererVersion) THEN article.bodyHtml END
        """
    static let columnCount = 21

    init(_ row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        id = try cells[0].decode(Int64.self)
        headline = try cells[1].decode(String.self)
        subheadlines = try cells[2].decode([String].self)
        body = try cells[3].decode(String.self)
        summary = try cells[4].decode(String.self)
        sectionId = try cells[5].decode(Int64.self)
        dateline = try cells[6].decode(String?.self)
        isBreaking = try cells[7].decode(Bool.self)
        status = try cells[8].decode(String.self)
        publishedAt = try cells[9].decode(Int64?.self)
        createdAt = try cells[10].decode(Int64.self)
        updatedAt = try cells[11].decode(Int64.self)
        externalId = try cells[12].decode(String?.self)
        grade = try cells[13].decode(String.self)
        kind = try cells[14].decode(String.self)
        version = try cells[15].decode(Int64.self)
        ownerId = try cells[16].decode(Int64?.self)
        embargoUntil = try cells[17].decode(Int64?.self)
        returnNote = try cells[18].decode(String?.self)
        trashedAt = try cells[19].decode(Int64?.self)
        bodyHtml = try cells[20].decode(String?.self)
    }
}

/// The columns a list needs, without the body, read through `SummaryRow.columns`.
struct SummaryRow: Sendable {
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

    init(_ row: PostgresRow) throws {
        (id, headline, summary, sectionId, isBreaking, publishedAt, grade, kind) =
            try row.decode((Int64, String, String, Int64, Bool, Int64, String, String).self)
    }

    /// A row of a statement that reads several lists at once: `columns`, then the list's place.
    static func tagged(_ row: PostgresRow) throws -> (list: Int, row: SummaryRow) {
        let (id, headline, summary, sectionId, isBreaking, publishedAt, grade, kind, list) =
            try row.decode((Int64, String, String, Int64, Bool, Int64, String, String, Int32).self)
        return (Int(list), SummaryRow(
            id: id, headline: headline, summary: summary, sectionId: sectionId, isBreaking: isBreaking, publishedAt: publishedAt,
            grade: grade, kind: kind))
    }

    private init(
        id: Int64, headline: String, summary: String, sectionId: Int64, isBreaking: Bool, publishedAt: Int64, grade: String,
        kind: String
    ) {
        (self.id, self.headline, self.summary, self.sectionId) = (id, headline, summary, sectionId)
        (self.isBreaking, self.publishedAt, self.grade, self.kind) = (isBreaking, publishedAt, grade, kind)
    }

    func domain(leadPhoto: Photo?) -> ArticleSummary {
        ArticleSummary(
            id: ArticleID(rawValue: id), headline: headline, summary: summary,
            sectionID: SectionID(rawValue: sectionId), isBreaking: isBreaking,
            publishedAt: Date(milliseconds: publishedAt), leadPhoto: leadPhoto,
            grade: ArticleGrade(rawValue: grade) ?? .normal, kind: ArticleKind(rawValue: kind) ?? .article)
    }
}

/// A row of `photo`, read through `PhotoRow.columns`.
struct PhotoRow: Sendable {
    var articleId: Int64
    var position: Int64
    var url: String
    var caption: String
    var alt: String
    var photographerId: Int64?
    var credit: String
    var takenAt: Int64
    var width: Int64?
    var height: Int64?
    var libraryPhotoId: Int64?
    var renditions: String?

    static let columns = """
        photo.articleId, photo.position, photo.url, photo.caption, photo.alt, photo.photographerId, photo.credit, \
        photo.takenAt, photo.width, photo.height, photo.libraryPhotoId, photo.renditions
        """

    init(_ row: PostgresRow) throws {
        (articleId, position, url, caption, alt, photographerId, credit, takenAt, width, height, libraryPhotoId, renditions) =
            try row.decode((Int64, Int64, String, String, String, Int64?, String, Int64, Int64?, Int64?, Int64?, String?).self)
    }

    func domain(photographer: Reporter?) -> Photo {
        Photo(
            url: url, caption: caption, alt: alt, photographer: photographer, credit: credit,
            takenAt: Date(milliseconds: takenAt), width: width.map(Int.init), height: height.map(Int.init),
            library: libraryPhotoId.map(LibraryPhotoID.init(rawValue:)), renditionStem: renditions)
    }
}

extension Reporter {
    /// Read from `id, name, email, beat`, starting at column `offset`.
    static let columns = "reporter.id, reporter.name, reporter.email, reporter.beat"

    init(_ row: PostgresRow, offset: Int = 0) throws {
        let cells = row.makeRandomAccess()
        self.init(
            id: ReporterID(rawValue: try cells[offset].decode(Int64.self)), name: try cells[offset + 1].decode(String.self),
            email: try cells[offset + 2].decode(String.self), beat: try cells[offset + 3].decode(String.self))
    }
}

extension Section {
    static let columns = "section.id, section.slug, section.name, section.parentId, section.position"

    init(_ row: PostgresRow) throws {
        let (id, slug, name, parent, position) = try row.decode((Int64, String, String, Int64?, Int64).self)
        self.init(
            id: SectionID(rawValue: id), slug: slug, name: name, parentID: parent.map(SectionID.init(rawValue:)),
            position: Int(position))
    }
}
