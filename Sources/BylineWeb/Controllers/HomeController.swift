import BylineCore
import BylineNewsroom
import Hummingbird

/// The front page: the lead story, top stories, latest, breaking, most-read and a block per section.
struct HomeController {
    let site: SiteContext

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.page("/", kind: .home, policy: .front, site.pages, use: show)
        return routes
    }

    @Sendable func show(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        let now = site.clock.now
        let tree = await site.sections.current()
        // The most-read list comes from memory: awaited in turn, as a child task cost more in
        // task machinery and thread wake-ups than it overlapped.
        let mostRead = try await site.mostRead.page(.day, page: PageRequest(limit: 10), asOf: now)
        // The pins, latest, 속보 (the ticker shows the same headlines) and one block per
        // top-level section, in navigation order: one read.
        let sections = tree.topLevel.compactMap { section in tree.path(of: section.id).map { (section: section, path: $0) } }
        let front = try await site.store.frontPage(
            [ListRequest(.latest, page: PageRequest(limit: 30)),
             ListRequest(.breaking, page: PageRequest(limit: SiteContext.tickerSize))]
                + sections.map { ListRequest(.sections(tree.subtree(of: $0.section.id)), page: PageRequest(limit: 8)) },
            asOf: now)
        let lists = front.lists
        let blocks = zip(sections, lists.dropFirst(2)).map { entry, page in
            SectionBlock(
                name: entry.section.name, url: Links.section(entry.path), cards: Self.block(page.items).map { CardView($0, tree: tree) })
        }

        let recent = lists[0].items
        let top = Self.topStories(pinned: front.pinned, recent: recent)
        let topIDs = Set(top.map(\.id))
        let breakingNews = lists[1].items
        let view = HomePage(
            layout: try await site.layout(
                title: nil, description: "\(site.configuration.siteName) 첫 화면", path: "/", tree: tree, breaking: breakingNews),
            lead: top.first.map { CardView($0, tree: tree) }, topStories: top.dropFirst().map { CardView($0, tree: tree) },
            latest: recent.filter { !topIDs.contains($0.id) }.prefix(10).map { CardView($0, tree: tree) },
            breaking: breakingNews.map { CardView($0, tree: tree) },
            mostRead: mostRead.items.map { CardView($0, tree: tree) },
            sectionBlocks: blocks)
        return try site.page(view, template: "home", keys: [SurrogateKeys.home, SurrogateKeys.popular, SurrogateKeys.breaking])
    }

    /// The top stories: what editors pinned, in their order; then 헤드라인 articles; then
    /// the newest with a photo. The first leads the page.
    static func topStories(pinned: [ArticleSummary], recent: [ArticleSummary], count: Int = 5) -> [ArticleSummary] {
        var chosen: [ArticleSummary] = []
        var seen: Set<ArticleID> = []
        let candidates = pinned + recent.filter { $0.grade == .headline } + recent.filter { $0.leadPhoto != nil }
        for article in candidates where chosen.count < count && seen.insert(article.id).inserted {
            chosen.append(article)
        }
        return chosen
    }

    /// A section's block: 중요 (and 헤드라인) articles above the rest, each group newest first.
    static func block(_ articles: [ArticleSummary], count: Int = 5) -> [ArticleSummary] {
        Array((articles.filter { $0.grade != .normal } + articles.filter { $0.grade == .normal }).prefix(count))
    }
}
