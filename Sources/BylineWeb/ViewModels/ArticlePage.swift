import BylineCore

/// Everything the article page shows, in the order of the agency page.
struct ArticlePage: Sendable {
    struct ReporterView: Sendable {
        let name: String
        let url: String
        let email: String
    }

    let layout: LayoutView
    let breadcrumb: [LinkView]
    let headline: String
    let subheadlines: [String]
    let publishedStamp: String
    let publishedISO: String
    let updatedStamp: String
    let updatedISO: String
    let body: [BodyBlock]
    let reporters: [ReporterView]
    let tags: [LinkView]
    let related: [CardView]
    let best: [CardView]
    let isBreaking: Bool
    /// 정정 notices, each with its date.
    let corrections: [CorrectionNotice]
    /// 보도자료, 칼럼, ...; `nil` for an ordinary article. (Not `kindLabel`: Mustache would
    /// find this one from inside the cards of articles that have none.)
    let articleKindLabel: String?
    /// Its place among the versions of its story (속보, 2보, 종합), when it has others.
    let chain: ChainView?
    /// Its live coverage, when it is or was live.
    let live: LiveView?

    /// Live coverage on the reader's page: complete without a script (a reload shows every
    /// entry); `live.js` adds what the stream brings.
    struct LiveView: Sendable {
        let isLive: Bool
        let startedStamp: String
        let endedStamp: String?
        /// The stream, resuming after the last change this page shows.
        let streamURL: String
        let scriptURL: String
        let pinnedEntries: [String]
        let entries: [String]

        init(_ coverage: LiveCoverage, scriptURL: String) {
            isLive = coverage.isLive
            startedStamp = KoreanTime.listStamp(coverage.startedAt)
            endedStamp = coverage.endedAt.map(KoreanTime.listStamp)
            streamURL = Links.article(coverage.articleID) + "/live?after=\(coverage.sequence)"
            self.scriptURL = scriptURL
            pinnedEntries = coverage.entries.filter(\.isPinned).map { LiveEntryHTML.item($0, anchored: false) }
            entries = coverage.entries.map { LiveEntryHTML.item($0) }
        }
    }

    /// An article's place in its story: the line under the headline, the notice on an
    /// earlier version, and every version.
    struct ChainView: Sendable {
        let place: String
        /// The newest version, on an earlier one.
        let newest: VersionView?
        let versions: [VersionView]

        init?(_ chain: StoryChain?) {
            guard let chain, let current = chain.currentLink else { return nil }
            place = current.place.label
            newest = chain.isSuperseded ? chain.newest.map { VersionView($0, current: chain.current) } : nil
            versions = chain.links.map { VersionView($0, current: chain.current) }
        }
    }

    struct VersionView: Sendable {
        let place: String
        let headline: String
        let url: String
        let isCurrent: Bool
        let stamp: String?
        let iso: String?

        init(_ link: StoryChain.Link, current: ArticleID) {
            place = link.place.label
            headline = link.headline
            url = Links.article(link.id)
            isCurrent = link.id == current
            stamp = link.publishedAt.map(KoreanTime.listStamp)
            iso = link.publishedAt.map(KoreanTime.iso8601)
        }
    }

    struct CorrectionNotice: Sendable {
        let text: String
        let stamp: String
        let iso: String
    }

    init(
        article: Article, layout: LayoutView, tree: SectionTree, renderer: ArticleBodyRenderer,
        related: [ArticleSummary], best: [ArticleSummary], chain: StoryChain? = nil, live: LiveView? = nil
    ) {
        self.chain = ChainView(chain)
        self.live = live
        self.layout = layout
        breadcrumb = tree.lineage(of: article.sectionID).compactMap { section in
            tree.path(of: section.id).map { LinkView(name: section.name, url: Links.section($0)) }
        }
        headline = article.headline
        subheadlines = article.subheadlines
        publishedStamp = KoreanTime.articleStamp(article.publishedAt)
        publishedISO = KoreanTime.iso8601(article.publishedAt)
        updatedStamp = KoreanTime.articleStamp(article.updatedAt)
        updatedISO = KoreanTime.iso8601(article.updatedAt)
        body = renderer.blocks(for: article)
        reporters = article.authors.map {
            ReporterView(name: $0.name, url: Links.reporter($0.id), email: $0.email)
        }
        tags = article.tags.map { LinkView(name: "#\($0.name)", url: Links.tag($0)) }
        self.related = related.map { CardView($0, tree: tree) }
        self.best = best.map { CardView($0, tree: tree) }
        isBreaking = article.isBreaking
        articleKindLabel = article.kind.isLabelled ? article.kind.koreanName : nil
        corrections = article.corrections.map {
            CorrectionNotice(text: $0.text, stamp: KoreanTime.articleStamp($0.at), iso: KoreanTime.iso8601($0.at))
        }
    }
}
