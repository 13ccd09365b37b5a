import Foundation

/// One change on the wire: an article that was published, changed, scheduled under embargo,
/// killed or withdrawn, numbered in the order the changes were made (`seq`), with how many
/// such changes the article has had (`version`). Clients page through these numbers.
public struct WireChange: Hashable, Sendable {
    public let seq: Int64
    public let articleID: ArticleID
    public let version: Int
    public let status: ArticleStatus
    /// When it is (or was) public.
    public let publishedAt: Date?
    public let embargoUntil: Date?

    public init(seq: Int64, articleID: ArticleID, version: Int, status: ArticleStatus, publishedAt: Date?, embargoUntil: Date?) {
        self.seq = seq
        self.articleID = articleID
        self.version = version
        self.status = status
        self.publishedAt = publishedAt
        self.embargoUntil = embargoUntil
    }
}
