import Foundation

/// How many public articles one Seoul day holds and when the newest change among
/// them happened: what sitemaps need to list and date the archive.
public struct ArchiveDay: Hashable, Sendable {
    public let day: KoreanDay
    public let articleCount: Int
    public let lastModified: Date

    public init(day: KoreanDay, articleCount: Int, lastModified: Date) {
        self.day = day
        self.articleCount = articleCount
        self.lastModified = lastModified
    }
}

/// An article's address and last change, for sitemaps.
public struct ArticleStamp: Hashable, Sendable {
    public let id: ArticleID
    public let updatedAt: Date

    public init(id: ArticleID, updatedAt: Date) {
        self.id = id
        self.updatedAt = updatedAt
    }
}
