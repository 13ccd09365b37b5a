import Foundation

/// A published article as a reader sees it.
public struct Article: Hashable, Sendable {
    public var id: ArticleID
    public var headline: String
    /// Short lines printed under the headline.
    public var subheadlines: [String]
    /// The body in Markdown, without the dateline and byline (the page adds them).
    public var body: String
    /// The body as HTML, rendered and sanitised when it was saved, in the form `BylineMarkup`'s
    /// `BodyHTML` writes; `nil` where it was saved before the current renderer (render it then).
    public var bodyHTML: String?
    /// A plain-text summary for lists and share cards.
    public var summary: String
    public var sectionID: SectionID
    /// Bylined reporters, in byline order.
    public var authors: [Reporter]
    public var tags: [Tag]
    public var dateline: Dateline?
    /// Shown in the 속보 ticker and the breaking list.
    public var isBreaking: Bool
    public var photos: [Photo]
    /// 기사입력: when the article went public.
    public var publishedAt: Date
    /// 최종수정: the last change readers can see.
    public var updatedAt: Date
    /// Correction notices (정정), oldest first.
    public var corrections: [Correction]
    public var grade: ArticleGrade
    public var kind: ArticleKind

    public init(
        id: ArticleID, headline: String, subheadlines: [String], body: String, summary: String,
        sectionID: SectionID, authors: [Reporter], tags: [Tag], dateline: Dateline?,
        isBreaking: Bool, photos: [Photo], publishedAt: Date, updatedAt: Date, corrections: [Correction] = [],
        grade: ArticleGrade = .normal, kind: ArticleKind = .article, bodyHTML: String? = nil
    ) {
        self.id = id
        self.headline = headline
        self.subheadlines = subheadlines
        self.body = body
        self.bodyHTML = bodyHTML
        self.summary = summary
        self.sectionID = sectionID
        self.authors = authors
        self.tags = tags
        self.dateline = dateline
        self.isBreaking = isBreaking
        self.photos = photos
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
        self.corrections = corrections
        self.grade = grade
        self.kind = kind
    }
}

/// What a list shows of an article: enough for a headline link with its photo.
public struct ArticleSummary: Hashable, Sendable {
    public var id: ArticleID
    public var headline: String
    public var summary: String
    public var sectionID: SectionID
    public var isBreaking: Bool
    public var publishedAt: Date
    /// The first photo, if any, for thumbnails.
    public var leadPhoto: Photo?
    public var grade: ArticleGrade
    public var kind: ArticleKind

    public init(
        id: ArticleID, headline: String, summary: String, sectionID: SectionID,
        isBreaking: Bool, publishedAt: Date, leadPhoto: Photo?, grade: ArticleGrade = .normal, kind: ArticleKind = .article
    ) {
        self.id = id
        self.headline = headline
        self.summary = summary
        self.sectionID = sectionID
        self.isBreaking = isBreaking
        self.publishedAt = publishedAt
        self.leadPhoto = leadPhoto
        self.grade = grade
        self.kind = kind
    }

    /// What a list shows of `article`, its first photo as the lead.
    public init(_ article: Article) {
        self.init(
            id: article.id, headline: article.headline, summary: article.summary, sectionID: article.sectionID,
            isBreaking: article.isBreaking, publishedAt: article.publishedAt, leadPhoto: article.photos.first,
            grade: article.grade, kind: article.kind)
    }
}

/// What an article page reads from the store: the article and its related articles.
public struct ArticleWithRelated: Sendable {
    /// How many related articles a page lists. Fixed, so that a store may write it into
    /// the text of a prepared statement (PostgreSQL plans a `LIMIT $n` afresh on every run).
    public static let relatedCount = 5

    public let article: Article
    public let related: [ArticleSummary]
    /// Whether it is a version of a story (`StoryChain`) and whether it has live coverage:
    /// the page reads those only when there is something to read.
    public let isChained: Bool
    public let hasLiveCoverage: Bool

    public init(article: Article, related: [ArticleSummary], isChained: Bool = true, hasLiveCoverage: Bool = true) {
        self.article = article
        self.related = related
        self.isChained = isChained
        self.hasLiveCoverage = hasLiveCoverage
    }
}
