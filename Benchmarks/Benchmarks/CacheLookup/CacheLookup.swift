import Benchmark
import BylineCache
import BylineCore
import BylineNewsroom
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

    // A correction of the longest demo article: its own page purged, the lists that show it
    // marked stale. The pages are made fresh again before the next iteration, outside the measurement.
    Benchmark("Page cache invalidation, one article corrected", configuration: .byline()) { benchmark in
        let cache = try warm.get()
        try await cache.refill()
        benchmark.startMeasurement()
        cache.cache.purge(keys: [cache.articleSurrogateKey])
        cache.cache.markStale(keys: cache.correctionKeys)
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
    let articleSurrogateKey: String
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
        for path in paths {
            let response = try await site.get(path)
            let keys = ReaderSite.surrogateKeys(of: response)
            let contentType = response.headers.first { $0.name.canonicalName == "content-type" }?.value ?? "text/html"
            let page = CachedPage(
                body: Array(response.body.readableBytesView), contentType: contentType, keys: Set(keys), renderedAt: Date())
            pages.append((path, page))
        }
        await site.stop()
        self.pages = pages

        // What the newsroom announces for a correction (Newsroom.changed).
        articleSurrogateKey = SurrogateKeys.article(article.id)
        correctionKeys = SurrogateKeys.changed(article, tree: SectionTree(sections)).subtracting([articleSurrogateKey])
        try await refill()
    }

    /// Makes every page fresh again: what readers' requests and the background renders they
    /// start do after an invalidation.
    func refill() async throws {
        for (key, page) in pages {
            let render: PageCache.Render = {
                CachedPage(body: page.body, contentType: page.contentType, keys: page.keys, renderedAt: Date())
            }
            while try await cache.page(for: key, policy: Self.policy(for: key), render: render).1 != .hit {
                try await Task.sleep(for: .milliseconds(1))
            }
        }
    }

    /// The policies the site's reader routes register (RenderedPage.swift) for the paths above.
    static func policy(for path: String) -> CachePolicy {
        if path.hasPrefix("/news/") { return CachePolicy(freshFor: 30, staleWhileRevalidate: 300) }
        if path.hasSuffix(".xml") { return CachePolicy(freshFor: 60, staleWhileRevalidate: 120) }
        if path == "/" || path == "/breaking" { return CachePolicy(freshFor: 10, staleWhileRevalidate: 30) }
        return CachePolicy(freshFor: 30, staleWhileRevalidate: 60)
    }
}
