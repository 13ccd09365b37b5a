import Benchmark
import BylineCache
import BylineCore
import DemoFixtures
import Foundation

/// `PageCache` holding every page of the demo site, as the reader site rendered them: the hit
/// that most requests take, and the invalidation that follows a correction.
let benchmarks: @Sendable () -> Void = {
    let warm = Fixture<WarmCache>()

    Benchmark("Page cache hit, warm article page", configuration: .byline(scalingFactor: .kilo)) { benchmark in
        let cache = try warm.get()
        for _ in benchmark.scaledIterations {
            blackHole(try await cache.cache.page(for: cache.articleKey, policy: WarmCache.policy(for: cache.articleKey)) {
                throw FixtureError("a warm page was rendered again")
            })
        }
    } setup: {
        warm.set(try await WarmCache())
    }

    // The keys a correction of the longest demo article drops; the pages it dropped are put
    // back before the next iteration, outside the measurement.
    Benchmark("Page cache invalidation, one article corrected", configuration: .byline()) { benchmark in
        let cache = try warm.get()
        try await cache.refill()
        benchmark.startMeasurement()
        cache.cache.invalidate(keys: cache.correctionKeys)
        benchmark.stopMeasurement()
    } setup: {
        warm.set(try await WarmCache())
    }
}

/// A 64 MB page cache, the site's default, holding the demo site's pages.
struct WarmCache: Sendable {
    let cache = PageCache(capacityBytes: 64 << 20)
    let pages: [(key: String, page: CachedPage)]
    let articleKey: String
    let correctionKeys: Set<String>

    init() async throws {
        let corpus = try await DemoCorpus()
        let site = try await ReaderSite(corpus: corpus, cacheEnabled: false)
        let article = try corpus.longestArticle()
        articleKey = "/news/\(article.id)"

        let sections = try await corpus.store.sections()
        let slugs = Dictionary(uniqueKeysWithValues: sections.map { ($0.id, $0.slug) })
        let sectionPaths = sections.map { section in
            "/section/" + (section.parentID.flatMap { slugs[$0] }.map { $0 + "/" } ?? "") + section.slug
        }
        let reporters = Set(corpus.articles.flatMap(\.authors).map(\.id))
        let paths = ["/", "/latest", "/breaking", "/popular", "/all", "/rss.xml", "/sitemap-news.xml", "/api/v1/articles"]
            + sectionPaths + reporters.map { "/reporters/\($0)" }
            + corpus.articles.flatMap { ["/news/\($0.id)", "/api/v1/articles/\($0.id)"] }

        var pages: [(key: String, page: CachedPage)] = []
        var articleKeys: [String] = []
        for path in paths {
            let response = try await site.get(path)
            let keys = ReaderSite.surrogateKeys(of: response)
            if path == articleKey { articleKeys = keys }
            let contentType = response.headers.first { $0.name.canonicalName == "content-type" }?.value ?? "text/html"
            let page = CachedPage(
                body: Array(response.body.readableBytesView), contentType: contentType, keys: Set(keys), renderedAt: Date())
            pages.append((path, page))
        }
        await site.stop()
        self.pages = pages

        // As SurrogateKeys.changed(_:tree:) names them: the article, the lists every article
        // appears in, and its sections, reporters and tags (taken from its own page's keys).
        var changed: Set<String> = ["article-\(article.id)", "home", "latest", "search", "sitemaps", "api-articles"]
        changed.formUnion(articleKeys.filter { $0.hasPrefix("section-") || $0.hasPrefix("reporter-") || $0.hasPrefix("tag-") })
        if article.isBreaking { changed.formUnion(["breaking", "ticker"]) }
        correctionKeys = changed
        try await refill()
    }

    /// Puts back every page that is not cached: what readers' requests would do after an invalidation.
    func refill() async throws {
        for (key, page) in pages {
            _ = try await cache.page(for: key, policy: Self.policy(for: key)) { page }
        }
    }

    /// The policies the site's reader routes register (RenderedPage.swift) for the paths above.
    static func policy(for path: String) -> CachePolicy {
        if path.hasPrefix("/news/") { return CachePolicy(freshFor: 60, staleWhileRevalidate: 60) }
        if path.hasSuffix(".xml") { return CachePolicy(freshFor: 60, staleWhileRevalidate: 120) }
        if path == "/" || path == "/breaking" { return CachePolicy(freshFor: 10, staleWhileRevalidate: 30) }
        return CachePolicy(freshFor: 30, staleWhileRevalidate: 60)
    }
}
