import BylineCore

/// A page that is one list of articles: latest, breaking, a section, a tag, a reporter,
/// a day of the archive, or most-read.
struct ListPage: Sendable {
    let layout: LayoutView
    let heading: String
    let intro: String?
    let breadcrumb: [LinkView]
    /// Subsections of a section, or most-read windows.
    let tabs: [LinkView]
    let subsectionBlocks: [SectionBlock]
    let cards: [CardView]
    let emptyMessage: String
    /// The 더보기 link; `nil` on the last page.
    let moreURL: String?
    let previousDay: LinkView?
    let nextDay: LinkView?
    let reporterEmail: String?

    init(
        layout: LayoutView, heading: String, intro: String? = nil, breadcrumb: [LinkView] = [],
        tabs: [LinkView] = [], subsectionBlocks: [SectionBlock] = [], cards: [CardView],
        emptyMessage: String = "아직 기사가 없습니다.", moreURL: String?,
        previousDay: LinkView? = nil, nextDay: LinkView? = nil, reporterEmail: String? = nil
    ) {
        self.layout = layout
        self.heading = heading
        self.intro = intro
        self.breadcrumb = breadcrumb
        self.tabs = tabs
        self.subsectionBlocks = subsectionBlocks
        self.cards = cards
        self.emptyMessage = emptyMessage
        self.moreURL = moreURL
        self.previousDay = previousDay
        self.nextDay = nextDay
        self.reporterEmail = reporterEmail
    }
}

/// A titled block of headlines for one section, on the home and section pages.
struct SectionBlock: Sendable {
    let name: String
    let url: String
    let cards: [CardView]
}

/// The front page.
struct HomePage: Sendable {
    let layout: LayoutView
    let lead: CardView?
    let topStories: [CardView]
    let latest: [CardView]
    let breaking: [CardView]
    let mostRead: [CardView]
    let sectionBlocks: [SectionBlock]
}

/// A friendly error page in the site's layout.
struct ErrorPage: Sendable {
    let layout: LayoutView
    let status: Int
    let heading: String
    let message: String
    let requestID: String
}
