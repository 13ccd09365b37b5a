import BylineCache
import BylineCore
import BylineNewsroom
import Foundation
import Hummingbird
import Logging

/// What every controller shares: configuration, storage, clock, templates and the
/// pieces of chrome (navigation, 속보 ticker) that every page carries.
struct SiteContext: Sendable {
    let configuration: WebConfiguration
    let store: any NewsStore
    let clock: NewsClock
    let templates: Templates
    /// The navigation and footer, rendered once.
    let chrome: SiteChrome
    let assets: StaticAssets
    let sections: SectionDirectory
    /// Rendered pages; `nil` when caching is off.
    let pageCache: PageCache?
    /// Serves reader routes through `pageCache`.
    let pages: PageServing
    let mostRead: MostRead
    /// Advanced by every content change; the blocks below are kept for one generation.
    let generation: ContentGeneration
    /// The 속보 ticker's headlines.
    let ticker: Recent<[ArticleSummary]>
    let logger: Logger

    init(
        configuration: WebConfiguration, store: any NewsStore, clock: NewsClock, templates: Templates,
        assets: StaticAssets, shared: SharedTier, logger: Logger
    ) async throws {
        self.configuration = configuration
        self.store = store
        self.clock = clock
        self.templates = templates
        self.chrome = try SiteChrome(
            templates: templates, footer: FooterView(siteName: configuration.siteName, masthead: configuration.masthead))
        self.assets = assets
        self.sections = try await SectionDirectory(store: store)
        let pageCache = configuration.cacheEnabled
            ? PageCache(
                capacityBytes: configuration.cacheCapacityBytes, shared: shared.pages, now: { clock.now },
                refreshFailed: { path, error in
                    // A page that is gone (404) is dropped quietly; anything else is the site's failure.
                    guard ErrorDescription(error).status.code >= 500 else { return }
                    logger.warning("a stale page could not be refreshed; its copy is still served", metadata: [
                        "path": "\(path)", "error": "\(String(reflecting: error))",
                    ])
                },
                prepare: CacheHits.prepare)
            : nil
        self.pageCache = pageCache
        self.pages = PageServing(cache: pageCache, clock: clock)
        let generation = ContentGeneration()
        self.generation = generation
        self.mostRead = MostRead(store: store, shared: shared.views, generation: generation)
        self.ticker = Recent(generation, maxAge: .seconds(2))
        self.logger = logger
    }

    /// How many headlines the 속보 ticker shows.
    static let tickerSize = 5

    /// The layout of a normal page: navigation from the current tree and the breaking ticker.
    /// A page that has read the ticker's headlines already (home) passes them in.
    func layout(
        title: String?, description: String = "", path: String, currentSection: SectionID? = nil,
        tree: SectionTree, share: ShareView? = nil, feed: LinkView? = nil, jsonLD: String? = nil,
        breaking: [ArticleSummary]? = nil
    ) async throws -> LayoutView {
        let ticker: [ArticleSummary]
        if let breaking {
            ticker = breaking
        } else {
            let now = clock.now
            ticker = try await self.ticker.value(asOf: now) {
                try await store.articles(.breaking, page: PageRequest(limit: Self.tickerSize), asOf: now).items
            }
        }
        return LayoutView(
            site: self, title: title, description: description, path: path, tree: tree,
            currentRoot: currentSection.flatMap { tree.root(of: $0)?.id },
            ticker: ticker.map { TickerItem($0) }, share: share, feed: feed, jsonLD: jsonLD)
    }

    /// Renders a page template into HTML naming what the page is about. The ticker every
    /// page shows is not among its keys: it refreshes with the page's own freshness.
    func page(_ view: some TemplateView, template: String, keys: Set<String>) throws -> RenderedPage {
        RenderedPage(body: try templates.bytes(view, template: template), contentType: "text/html; charset=utf-8", keys: keys)
    }

    /// A JSON answer for the API, snake_case as the import format.
    func json(_ value: some Encodable, keys: Set<String>) throws -> RenderedPage {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return RenderedPage(body: Array(try encoder.encode(value)), contentType: "application/json; charset=utf-8", keys: keys)
    }

    /// An XML (or plain text) document such as a feed or a sitemap.
    func xml(_ text: String, contentType: String = "application/xml; charset=utf-8", keys: Set<String>) -> RenderedPage {
        RenderedPage(body: Array(text.utf8), contentType: contentType, keys: keys)
    }

    /// An absolute URL for share metadata.
    func absolute(_ path: String) -> String {
        path.hasPrefix("http") ? path : configuration.publicURL + path
    }

    /// The site's chrome without the ticker, for the newsroom's pages: they read nothing they do not need.
    func adminLayout(title: String, path: String) -> LayoutView {
        LayoutView(
            site: self, title: title, description: "", path: path, tree: sections.lastKnown, currentRoot: nil,
            ticker: [], share: nil)
    }
}
