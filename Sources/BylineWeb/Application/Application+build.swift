import BylineCache
import BylineCore
import Foundation
import Hummingbird
import Logging

/// Builds the whole web application. The executable and the tests both call this,
/// so what the tests exercise is exactly what runs.
///
/// Templates and static assets are loaded here, before the server starts: a missing
/// or broken one stops the start with a clear message instead of failing a reader.
public func buildApplication(
    configuration: WebConfiguration,
    store: any NewsStore,
    clock: NewsClock = .system,
    sharedPages: (any SharedPageTier)? = nil,
    probes: [any DependencyProbe] = [],
    logger: Logger = Logger(label: "byline")
) async throws -> some ApplicationProtocol {
    let templates = try await Templates.load()
    let assets = try StaticAssets.load()
    let site = try await SiteContext(
        configuration: configuration, store: store, clock: clock, templates: templates, assets: assets,
        sharedPages: sharedPages, logger: logger)
    let views = ViewRecorder(store: store, clock: clock, logger: logger)

    // HEAD answers like GET without a body, as caches, crawlers and link checkers expect.
    let router = Router(context: BylineRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: ErrorBoundary(site: site))
    router.add(middleware: RequestGuard())
    router.add(middleware: ViewCounting(views: views))
    router.add(middleware: PageCacheMiddleware(cache: site.pageCache))
    router.addRoutes(OperationsController(store: store, probes: probes).endpoints)
    router.addRoutes(AssetController(assets: assets, mediaDirectory: configuration.mediaDirectory).endpoints)
    router.addRoutes(HomeController(site: site).endpoints)
    router.addRoutes(ArticleController(site: site).endpoints)
    router.addRoutes(ListController(site: site).endpoints)
    let feeds = FeedController(site: site)
    router.addRoutes(feeds.endpoints)
    router.addRoutes(SectionController(site: site, feeds: feeds).endpoints)
    router.addRoutes(SearchEngineController(site: site).endpoints)
    router.addRoutes(SearchController(site: site).endpoints)
    router.addRoutes(ContentAPIController(site: site, openAPIDocument: try ContentAPIController.loadOpenAPIDocument()).endpoints)

    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Byline"),
        logger: logger)
    app.addServices(views)
    return app
}
