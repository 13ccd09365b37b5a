import BylineCore
import BylineNewsroom
import Foundation
import Hummingbird

/// The article page, `/news/{id}`.
struct ArticleController {
    let site: SiteContext
    /// Counts the page's reads; `nil` where nothing is read by readers (the newsroom's preview).
    let views: ViewRecorder?

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        let ownHost = ReferrerKind.host(of: site.configuration.publicURL)
        routes.get("/news/:id") { request, context in
            let id = try context.articleID()
            let response = try await site.pages.serve(
                request, route: context.endpointPath, kind: .article, policy: .article, countingReadsOf: id
            ) { try await show(id) }
            // Counted whether the page came from the cache or not: the most-read lists follow
            // reads, not renders. A reader's reloads count once (ViewRecorder).
            if request.method == .get, response.status == .ok || response.status == .notModified {
                let client = context.clientAddress
                views?.record(
                    id, client: client == BylineRequestContext.unknownAddress ? nil : client,
                    referrer: ReferrerKind(request.headers, ownHost: ownHost))
            }
            return response
        }
        return routes
    }

    func show(_ id: ArticleID) async throws -> RenderedPage {
        let now = site.clock.now
        guard let read = try await site.store.articlePage(id, asOf: now) else {
            // A killed article answers 410 with a notice, never its text.
            if let kill = try await site.store.killNotice(id) { throw BylineError.gone(killedAt: kill.killedAt) }
            throw BylineError.notFound
        }
        let chain = read.isChained ? try await site.store.storyChain(of: id, asOf: now) : nil
        let live = read.hasLiveCoverage ? try await site.store.liveCoverage(id, after: 0) : nil
        return try await page(for: read.article, related: read.related, chain: chain, live: live, now: now)
    }

    /// The reader's page for an article; the newsroom's preview renders drafts through it too.
    func page(
        for article: Article, related: [ArticleSummary], chain: StoryChain? = nil, live: LiveCoverage? = nil, now: Date
    ) async throws -> RenderedPage {
        let id = article.id
        // Awaited in turn, not with `async let`: both are nearly always answered from memory,
        // and a child task each cost more than the work they do.
        let mostRead = try await site.mostRead.page(.day, page: PageRequest(limit: 12), asOf: now)
        let tree = await site.sections.current()
        // Open Graph's 1200×630 crop of a library picture (what Naver and the social networks show).
        let lead = article.photos.first(where: \.isShown)
        let social = lead?.renditions?.crop(.social)
        let share = ShareView(
            type: "article", title: article.headline, description: article.summary,
            url: site.absolute(Links.article(id)), image: (social.map { "/media/" + $0.name } ?? lead?.url).map(site.absolute),
            imageWidth: social?.width, imageHeight: social?.height,
            publishedISO: KoreanTime.iso8601(article.publishedAt), modifiedISO: KoreanTime.iso8601(article.updatedAt))
        let layout = try await site.layout(
            title: article.headline, description: article.summary, path: Links.article(id),
            currentSection: article.sectionID, tree: tree, share: share,
            jsonLD: StructuredData.newsArticle(article, chain: chain, live: live, site: site, tree: tree))
        // 베스트 기사: the most-read articles that have a photo, this one excluded.
        let best = mostRead.items.filter { $0.id != id && $0.leadPhoto != nil }.prefix(4)
        let page = ArticlePage(
            article: article, layout: layout, tree: tree,
            renderer: ArticleBodyRenderer(agencyName: site.configuration.agencyName),
            related: related, best: Array(best), chain: chain,
            live: live.map { ArticlePage.LiveView($0, scriptURL: site.assets.url("live.js")) })
        // The page is about its article alone: its section's, reporters' and tags' other
        // articles, and the most-read, show in blocks that refresh with the page (30 s).
        return try site.page(page, template: "article", keys: [SurrogateKeys.article(id)])
    }
}
