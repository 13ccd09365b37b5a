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
        let store = site.store
        let tree = await site.sections.current()
        async let latest = store.articles(.latest, page: PageRequest(limit: 30), asOf: now)
        // The home page's 속보 block and the ticker show the same headlines: read them once.
        async let breaking = store.articles(.breaking, page: PageRequest(limit: SiteContext.tickerSize), asOf: now)
        async let mostRead = site.mostRead.page(.day, page: PageRequest(limit: 10), asOf: now)
        async let pinned = store.pinnedTopStories(asOf: now)

        // One block per top-level section, read concurrently and shown in navigation order.
        let blocks = try await withThrowingTaskGroup(of: (Int, SectionBlock).self) { group in
            for (index, section) in tree.topLevel.enumerated() {
                guard let path = tree.path(of: section.id) else { continue }
                group.addTask {
                    let page = try await store.articles(
                        .sections(tree.subtree(of: section.id)), page: PageRequest(limit: 8), asOf: now)
                    return (index, SectionBlock(
                        name: section.name, url: Links.section(path), cards: Self.block(page.items).map { CardView($0, tree: tree) }))
                }
            }
            var blocks: [(Int, SectionBlock)] = []
            for try await block in group { blocks.append(block) }
            return blocks.sorted { $0.0 < $1.0 }.map(\.1)
        }

        let recent = try await latest.items
        let top = Self.topStories(pinned: try await pinned, recent: recent).map { CardView($0, tree: tree) }
        let topIDs = Set(top.map(\.url))
        let breakingNews = try await breaking.items
        let view = HomePage(
            layout: try await site.layout(
                title: nil, description: "\(site.configuration.siteName) 첫 화면", path: "/", tree: tree, breaking: breakingNews),
            lead: top.first, topStories: Array(top.dropFirst()),
            latest: recent.map { CardView($0, tree: tree) }.filter { !topIDs.contains($0.url) }.prefix(10).map { $0 },
            breaking: breakingNews.map { CardView($0, tree: tree) },
            mostRead: try await mostRead.items.map { CardView($0, tree: tree) },
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
