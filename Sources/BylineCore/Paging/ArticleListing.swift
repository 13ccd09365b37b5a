import Foundation

/// The public article lists the site shows, each newest first.
public enum ArticleListing: Hashable, Sendable {
    /// 최신뉴스: every public article.
    case latest
    /// A section page: the given sections (a section and its subsections).
    case sections([SectionID])
    case tag(Tag)
    case reporter(ReporterID)
    /// 속보: articles flagged as breaking.
    case breaking
    /// 전체기사: articles published within one Seoul day.
    case day(KoreanDay)
}

/// The most-read windows offered at `/popular?window=`.
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
