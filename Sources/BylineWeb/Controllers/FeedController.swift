import BylineCore
import BylineNewsroom
import Hummingbird

/// RSS 2.0 feeds: the whole site, each section (with its subsections) and each reporter.
struct FeedController {
    let site: SiteContext
    /// How many articles a feed carries.
    static let size = 50

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.page("/rss.xml", kind: .feed, policy: .document, site.pages, use: siteFeed)
        routes.page("/reporters/:id/rss.xml", kind: .feed, policy: .document, site.pages, use: reporterFeed)
        return routes
    }

    @Sendable func siteFeed(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        let name = site.configuration.siteName
        return try await feed(
            .latest, title: name, description: "\(name) 최신 기사", link: "/", selfPath: "/rss.xml", keys: [SurrogateKeys.latest])
    }

    @Sendable func reporterFeed(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        guard let id = context.parameters.get("id").flatMap(ReporterID.init),
              let reporter = try await site.store.reporter(id)
        else { throw BylineError.notFound }
        return try await feed(
            .reporter(id), title: "\(reporter.name) 기자 | \(site.configuration.siteName)",
            description: "\(reporter.name) 기자가 쓴 기사", link: Links.reporter(id), selfPath: Links.reporter(id) + "/rss.xml",
            keys: [SurrogateKeys.reporter(id)])
    }

    /// The feed of a section page; `SectionController` routes `/section/.../rss.xml` here.
    func sectionFeed(_ section: Section, path: SectionPath, tree: SectionTree) async throws -> RenderedPage {
        try await feed(
            .sections(tree.subtree(of: section.id)),
            title: "\(tree.lineage(of: section.id).map(\.name).joined(separator: " > ")) | \(site.configuration.siteName)",
            description: "\(section.name) 섹션 최신 기사", link: Links.section(path), selfPath: Links.section(path) + "/rss.xml",
            keys: Set(tree.subtree(of: section.id).map(SurrogateKeys.section)))
    }

    /// Every version of a story goes out, each an item: a feed reader takes each update.
    private func feed(
        _ listing: ArticleListing, title: String, description: String, link: String, selfPath: String, keys: Set<String>
    ) async throws -> RenderedPage {
        var listing = listing
        listing.allVersions = true
        let now = site.clock.now
        var ids: [ArticleID] = []
        var cursor: PageCursor?
        repeat {
            let page = try await site.store.articles(listing, page: PageRequest(after: cursor, limit: Self.size - ids.count), asOf: now)
            ids += page.items.map(\.id)
            cursor = page.next
        } while cursor != nil && ids.count < Self.size
        let feed = RSSFeed(
            title: title, link: site.absolute(link), description: description, selfURL: site.absolute(selfPath),
            articles: try await site.store.articles(ids, asOf: now), chains: try await site.store.storyChains(of: ids, asOf: now),
            site: site, tree: await site.sections.current())
        return site.xml(feed.xml(), contentType: "application/rss+xml; charset=utf-8", keys: keys)
    }
}
