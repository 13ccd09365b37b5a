import Foundation

/// An article and how often it was read in a span of hours.
public struct ArticleTraffic: Hashable, Sendable {
    public var id: ArticleID
    public var headline: String
    public var sectionID: SectionID
    public var views: Int

    public init(id: ArticleID, headline: String, sectionID: SectionID, views: Int) {
        self.id = id
        self.headline = headline
        self.sectionID = sectionID
        self.views = views
    }
}

/// A published article as the dashboard counts production: when, where, what kind, by whom,
/// and whether it was written up from a partner's item in the 수신 queue.
public struct ProducedArticle: Hashable, Sendable {
    public var id: ArticleID
    public var publishedAt: Date
    public var sectionID: SectionID
    public var kind: ArticleKind
    public var authors: [ReporterID]
    public var fromWire: Bool

    public init(id: ArticleID, publishedAt: Date, sectionID: SectionID, kind: ArticleKind, authors: [ReporterID], fromWire: Bool) {
        self.id = id
        self.publishedAt = publishedAt
        self.sectionID = sectionID
        self.kind = kind
        self.authors = authors
        self.fromWire = fromWire
    }
}

/// What the newsroom's dashboard reads, on every backend. With `reporter`, only that
/// reporter's articles count.
public protocol DashboardStore: Sendable {
    /// Articles by their views in the hours of `hours` (hour numbers), most read first.
    func mostViewed(hours: Range<Int64>, reporter: ReporterID?, limit: Int) async throws -> [ArticleTraffic]
    /// Views per hour of these articles in the hours of `hours`.
    func hourlyViews(_ ids: [ArticleID], hours: Range<Int64>) async throws -> [ArticleID: [Int64: Int]]
    /// Views per section in the hours of `hours`.
    func sectionViews(hours: Range<Int64>, reporter: ReporterID?) async throws -> [SectionID: Int]
    /// Articles published (and still public, corrected or not) in `from..<to`, oldest first.
    func produced(from: Date, to: Date, reporter: ReporterID?) async throws -> [ProducedArticle]
}
