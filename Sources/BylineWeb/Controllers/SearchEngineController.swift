import BylineCore
import BylineNewsroom
import Foundation
import Hummingbird

/// What search engines crawl: robots.txt, the sitemap index and its sitemaps, and the Google News sitemap.
struct SearchEngineController {
    let site: SiteContext

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.page("/robots.txt", kind: .sitemap, policy: .document, site.pages, use: robots)
        routes.page("/sitemap.xml", kind: .sitemap, policy: .document, site.pages, use: sitemapIndex)
        routes.page("/sitemap-news.xml", kind: .sitemap, policy: .document, site.pages, use: newsSitemap)
        routes.page("/sitemaps/:name", kind: .sitemap, policy: .document, site.pages, use: sitemap)
        return routes
    }

    @Sendable func robots(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        let text = """
            User-agent: *
            Allow: /
            Disallow: /admin
            Disallow: /api/v1/admin

            Sitemap: \(site.absolute("/sitemap.xml"))
            Sitemap: \(site.absolute("/sitemap-news.xml"))

            """
        return site.xml(text, contentType: "text/plain; charset=utf-8", keys: [])
    }

    @Sendable func sitemapIndex(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        let days = try await site.store.archiveDays(asOf: site.clock.now)
        var entries: [(url: String, lastModified: Date?)] = [(site.absolute("/sitemaps/sections.xml"), days.map(\.lastModified).max())]
        entries += Sitemaps.periods(days).map { (site.absolute("/sitemaps/\($0.name).xml"), $0.lastModified) }
        return site.xml(Sitemaps.index(entries), keys: [SurrogateKeys.sitemaps])
    }

    @Sendable func sitemap(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        guard let file = context.parameters.get("name"), file.hasSuffix(".xml") else { throw BylineError.notFound }
        let name = String(file.dropLast(4))
        let now = site.clock.now
        if name == "sections" {
            let tree = await site.sections.current()
            let urls = [(url: site.absolute("/"), lastModified: Date?.none)]
                + tree.sections.compactMap { tree.path(of: $0.id) }.map { (url: site.absolute(Links.section($0)), lastModified: Date?.none) }
            return site.xml(Sitemaps.urlSet(urls), keys: [SurrogateKeys.sections])
        }
        guard name.hasPrefix("articles-"),
              let period = Sitemaps.period(named: name, in: try await site.store.archiveDays(asOf: now))
        else { throw BylineError.notFound }
        let stamps = try await site.store.articleStamps(since: period.since, until: period.until, limit: Sitemaps.maxURLs, asOf: now)
        return site.xml(Sitemaps.urlSet(stamps.map { (site.absolute(Links.article($0.id)), $0.updatedAt) }), keys: [SurrogateKeys.sitemaps])
    }

    @Sendable func newsSitemap(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        let now = site.clock.now
        let listing = ArticleListing(since: now.addingTimeInterval(-Sitemaps.newsWindow))
        var articles: [ArticleSummary] = []
        var cursor: PageCursor?
        repeat {
            let page = try await site.store.articles(listing, page: PageRequest(after: cursor, limit: 100), asOf: now)
            articles += page.items
            cursor = page.next
        } while cursor != nil && articles.count < Sitemaps.maxNewsURLs
        let xml = Sitemaps.news(Array(articles.prefix(Sitemaps.maxNewsURLs)), publication: site.configuration.siteName, site: site)
        return site.xml(xml, keys: [SurrogateKeys.sitemaps])
    }
}
