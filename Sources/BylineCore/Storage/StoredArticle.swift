import Foundation

/// An article's own columns as every backend stores them (ids, UTC milliseconds, the
/// grade and kind as text), and the one place where they and their links become an
/// `Article`: the backends only read rows.
public struct StoredArticle: Sendable {
    public var id: Int64
    public var headline: String
    public var subheadlines: [String]
    public var body: String
    /// `nil` when the stored rendering is missing or older than the renderer.
    public var bodyHTML: String?
    public var summary: String
    public var sectionID: Int64
    public var dateline: String?
    public var isBreaking: Bool
    public var publishedAt: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var grade: String
    public var kind: String

    public init(
        id: Int64, headline: String, subheadlines: [String], body: String, summary: String, sectionID: Int64, dateline: String?,
        isBreaking: Bool, publishedAt: Int64?, createdAt: Int64, updatedAt: Int64, grade: String, kind: String,
        bodyHTML: String? = nil
    ) {
        self.id = id
        self.headline = headline
        self.subheadlines = subheadlines
        self.body = body
        self.bodyHTML = bodyHTML
        self.summary = summary
        self.sectionID = sectionID
        self.dateline = dateline
        self.isBreaking = isBreaking
        self.publishedAt = publishedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.grade = grade
        self.kind = kind
    }

    /// The article with its links. A draft has no publication time: it shows its creation
    /// time (the newsroom's preview), and is `nil` where only public articles are asked for.
    public func article(
        authors: [Reporter], tags: [Tag], photos: [Photo], corrections: [Correction], publicOnly: Bool
    ) -> Article? {
        guard let publishedAt = publishedAt ?? (publicOnly ? nil : createdAt) else { return nil }
        return Article(
            id: ArticleID(rawValue: id), headline: headline, subheadlines: subheadlines, body: body, summary: summary,
            sectionID: SectionID(rawValue: sectionID), authors: authors, tags: tags, dateline: dateline.map(Dateline.init(city:)),
            isBreaking: isBreaking, photos: photos, publishedAt: Date(milliseconds: publishedAt), updatedAt: Date(milliseconds: updatedAt),
            corrections: corrections, grade: ArticleGrade(rawValue: grade) ?? .normal, kind: ArticleKind(rawValue: kind) ?? .article,
            bodyHTML: bodyHTML)
    }
}
