import Foundation

/// Which public articles a list shows, newest first. Conditions combine (the Content
/// API filters by section, reporter, tag and time at once); the site's lists are the
/// named shortcuts below.
public struct ArticleListing: Hashable, Sendable {
    /// Only these sections (a section and its subsections); `nil` for every section.
    public var sections: [SectionID]?
    public var tag: Tag?
    public var reporter: ReporterID?
    /// Only articles flagged as breaking (속보).
    public var breakingOnly = false
    /// Published at or after this instant.
    public var since: Date?
    /// Published before this instant.
    public var until: Date?
    /// Every version of a story (feeds and the Content API, whose clients take each update);
    /// the site's lists show only the newest public version (`StoryChain`).
    public var allVersions = false

    public init(
        sections: [SectionID]? = nil, tag: Tag? = nil, reporter: ReporterID? = nil, breakingOnly: Bool = false,
        since: Date? = nil, until: Date? = nil, allVersions: Bool = false
    ) {
        self.sections = sections
        self.tag = tag
        self.reporter = reporter
        self.breakingOnly = breakingOnly
        self.since = since
        self.until = until
        self.allVersions = allVersions
    }

    /// 최신뉴스: every public article.
    public static let latest = ArticleListing()
    /// 속보.
    public static let breaking = ArticleListing(breakingOnly: true)
    public static func sections(_ ids: [SectionID]) -> ArticleListing { ArticleListing(sections: ids) }
    public static func tag(_ tag: Tag) -> ArticleListing { ArticleListing(tag: tag) }
    public static func reporter(_ id: ReporterID) -> ArticleListing { ArticleListing(reporter: id) }
    /// 전체기사: articles published within one Seoul day.
    public static func day(_ day: KoreanDay) -> ArticleListing { ArticleListing(since: day.start, until: day.end) }
}

/// The most-read windows offered at `/popular?window=`.
/// Views are counted per UTC hour: the hour number of `date`, counted from 1970.
public func viewHour(of date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 / 3600).rounded(.down))
}

public enum PopularWindow: String, CaseIterable, Hashable, Sendable {
    case hour = "1h"
    case day = "24h"
    case week = "7d"

    public var duration: TimeInterval {
        switch self {
        case .hour: 3600
        case .day: 86_400
        case .week: 7 * 86_400
        }
    }

    /// The tab label on the most-read page.
    public var koreanLabel: String {
        switch self {
        case .hour: "1시간"
        case .day: "24시간"
        case .week: "7일"
        }
    }
}

/// The front page's articles, read together (`ReaderStore.frontPage(_:asOf:)`): the
/// articles editors pinned to its top stories, still pinned, in their order; and its lists.
public struct FrontPageArticles: Sendable {
    public let pinned: [ArticleSummary]
    public let lists: [Page<ArticleSummary>]

    public init(pinned: [ArticleSummary], lists: [Page<ArticleSummary>]) {
        self.pinned = pinned
        self.lists = lists
    }
}

/// One list of several read together (`ReaderStore.articles(_:asOf:)`).
public struct ListRequest: Sendable {
    public let listing: ArticleListing
    public let page: PageRequest

    public init(_ listing: ArticleListing, page: PageRequest) {
        self.listing = listing
        self.page = page
    }
}
