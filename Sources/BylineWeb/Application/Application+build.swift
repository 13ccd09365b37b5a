import BylineCache
import BylineCore
import BylineNewsroom
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// A site ready to serve: its caches, background services and the newsroom that writes
/// through them. The executable and the tests both build it, so that what the tests
/// exercise is exactly what runs.
///
/// Templates and static assets are loaded here, before the server starts: a missing
/// or broken one stops the start with a clear message instead of failing a reader.
public struct BylineSite: Sendable {
    let configuration: WebConfiguration
    let site: SiteContext
    let views: ViewRecorder
    let changes: ContentChanges
    let probes: [any DependencyProbe]
    let backend: (any NewsroomBackend)?
    let indexNow: IndexNowSubmitter?
    let metrics = SiteMetrics()
    let shared: SharedTier
    let leadership: (any JobLeadership)?
    let logger: Logger
    /// One line per request; `nil` when the logger's level is above info.
    let requestLog: AccessLog?
    /// Publishes, updates and unpublishes so that every cached copy follows.
    public let newsroom: Newsroom
    /// Live coverage's streams to this node's readers.
    public let live: LiveHub
    /// Uploads into the photo library and its renditions; `nil` without the newsroom.
    public let photoDesk: PhotoDesk?
    /// Partners' items into the 수신 queue and from it into drafts; `nil` without the newsroom.
    public let wireDesk: WireDesk?

    /// `invalidations` is the database's own channel to the other processes on it (the
    /// other nodes, and commands such as `byline import`). The request log goes to
    /// `requestLog` when `logger` logs at info.
    public init(
        configuration: WebConfiguration, store: any NewsStore, newsroom backend: (any NewsroomBackend)? = nil, clock: NewsClock = .system,
        shared: SharedTier = .none, invalidations: (any InvalidationChannel)? = nil, leadership: (any JobLeadership)? = nil,
        logger: Logger = Logger(label: "byline"), requestLog: AccessLog = .standardOutput()
    ) async throws {
        try await self.init(
            configuration: configuration, store: store, newsroom: backend, clock: clock, shared: shared, invalidations: invalidations,
            leadership: leadership, logger: logger, requestLog: requestLog, templates: try await Templates.load())
    }

    /// The same, with templates loaded already (the tests give theirs an observer).
    init(
        configuration: WebConfiguration, store: any NewsStore, newsroom backend: (any NewsroomBackend)?, clock: NewsClock,
        shared: SharedTier = .none, invalidations: (any InvalidationChannel)? = nil, leadership: (any JobLeadership)? = nil,
        logger: Logger = Logger(label: "byline"), requestLog: AccessLog = .standardOutput(), templates: Templates
    ) async throws {
        let assets = try StaticAssets.load()
        let site = try await SiteContext(
            configuration: configuration, store: store, clock: clock, templates: templates, assets: assets,
            shared: shared, logger: logger)
        let changes = ContentChanges(
            pageCache: site.pageCache, sections: site.sections, generation: site.generation, shared: shared, database: invalidations, logger: logger)
        self.configuration = configuration
        self.site = site
        self.views = ViewRecorder(store: store, shared: shared.views, clock: clock, logger: logger)
        self.changes = changes
        self.probes = shared.probes
        self.shared = shared
        self.leadership = leadership
        self.backend = backend
        self.logger = logger
        self.requestLog = logger.logLevel <= .info ? requestLog : nil
        let indexNow = configuration.indexNow.map {
            IndexNowSubmitter(configuration: $0, publicURL: configuration.publicURL, logger: logger)
        }
        self.indexNow = indexNow
        let live = LiveHub(store: store)
        self.live = live
        let newsroom = Newsroom(
            store: store, desk: backend, clock: clock, sections: site.sections, changes: changes, indexNow: indexNow,
            publicURL: configuration.publicURL, live: live, observe: { [metrics] action in metrics.workflow(action.rawValue) })
        self.newsroom = newsroom
        self.photoDesk = backend.map {
            PhotoDesk(
                library: $0, newsroom: newsroom, processor: configuration.photos, dataDirectory: configuration.dataDirectory,
                media: configuration.mediaDirectory, clock: clock, logger: logger)
        }
        let photoDesk = self.photoDesk
        self.wireDesk = backend.map {
            WireDesk(
                store: $0, newsroom: newsroom, photos: photoDesk,
                fetch: PartnerFetch(allowsPrivateAddresses: configuration.wirePhotosFromPrivateNetworks), clock: clock, logger: logger)
        }
    }

    static let serverName = "Byline"

    /// The HTTP application with its background services (view counting, invalidations from other nodes).
    /// Connections idle for `idleTimeout` are closed, so slow or silent clients cannot hold them.
    public func application(idleTimeout: TimeAmount = .seconds(30)) throws -> some ApplicationProtocol {
        let store = site.store
        // HEAD answers like GET without a body, as caches, crawlers and link checkers expect.
        let router = Router(context: BylineRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: SecurityHeaders(https: configuration.publicURL.hasPrefix("https://")))
        router.add(middleware: ClientAddressing(proxies: configuration.trustedProxies))
        router.add(middleware: RequestLogging(metrics: metrics, log: requestLog))
        router.add(middleware: ErrorBoundary(site: site))
        router.add(middleware: RequestGuard())
        if configuration.rateLimits { router.add(middleware: RateLimiting(shared: shared.rateLimits)) }
        let (metrics, pageCache, views, breaker, indexNow) = (metrics, site.pageCache, views, shared.breakerState, indexNow)
        router.addRoutes(OperationsController(store: store, probes: probes) {
            let backlog = views.backlog
            metrics.sample(
                pageCache: pageCache, breaker: breaker?(), pendingViews: (backlog.database.entries, backlog.shared.entries),
                indexNow: indexNow?.tally, database: (store as? any ReportsDatabaseUsage)?.databaseUsage)
            return metrics.text()
        }.endpoints)
        router.addRoutes(AssetController(assets: site.assets, mediaDirectory: configuration.mediaDirectory).endpoints)
        router.addRoutes(HomeController(site: site).endpoints)
        router.addRoutes(ArticleController(site: site, views: views).endpoints)
        router.addRoutes(LiveController(site: site).endpoints)
        router.addRoutes(ListController(site: site).endpoints)
        let feeds = FeedController(site: site)
        router.addRoutes(feeds.endpoints)
        router.addRoutes(SectionController(site: site, feeds: feeds).endpoints)
        router.addRoutes(SearchEngineController(site: site).endpoints)
        router.addRoutes(SearchController(site: site).endpoints)
        router.addRoutes(ContentAPIController(site: site, openAPIDocument: try ContentAPIController.loadOpenAPIDocument()).endpoints)
        if let indexNow {
            // IndexNow checks that the site holds the key, at the key location it was sent.
            let key = indexNow.configuration.key
            router.get(RouterPath("/\(key).txt")) { _, _ -> Response in
                Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: key)))
            }
        }
        if let backend, let photoDesk {
            let signIn = SignIn(
                accounts: backend, clock: site.clock, secureCookies: configuration.publicURL.hasPrefix("https://"), logger: logger)
            router.addRoutes(AdminController(site: site, signIn: signIn).endpoints)
            router.addRoutes(
                EditorController(site: site, signIn: signIn, newsroom: newsroom, backend: backend, photos: photoDesk).endpoints)
            router.addRoutes(PhotoLibraryController(site: site, signIn: signIn, backend: backend, photos: photoDesk).endpoints)
            router.addRoutes(DeskController(site: site, signIn: signIn, newsroom: newsroom, backend: backend).endpoints)
            router.addRoutes(SubscribersController(site: site, signIn: signIn, backend: backend).endpoints)
            router.addRoutes(DashboardController(site: site, signIn: signIn, backend: backend).endpoints)
            let adminAPI = AdminAPIController(site: site, newsroom: newsroom, backend: backend, photos: photoDesk)
            router.addRoutes(adminAPI.endpoints)
            router.addRoutes(DistributionAPIController(site: site, backend: backend, admin: adminAPI).endpoints)
            router.addRoutes(WireFeedController(site: site, backend: backend).endpoints)
            if let wireDesk {
                let poller = FeedPoller(desk: wireDesk, leadership: leadership, logger: logger)
                router.addRoutes(IngestAPIController(site: site, backend: backend, desk: wireDesk, admin: adminAPI).endpoints)
                router.addRoutes(IngestController(site: site, signIn: signIn, backend: backend, desk: wireDesk, poller: poller).endpoints)
            }
        }

        var fixedFields = SecurityHeaders.fields(https: configuration.publicURL.hasPrefix("https://"))
        fixedFields.append(HTTPField(name: .server, value: Self.serverName))
        let streams = LiveStreams(
            store: store, clock: site.clock, hub: live, proxies: configuration.trustedProxies, metrics: metrics, log: requestLog,
            fixedFields: fixedFields)
        let server: HTTPServerBuilder
        if let pageCache {
            let hits = CacheHits(
                cache: pageCache, proxies: configuration.trustedProxies, metrics: metrics, log: requestLog, views: views,
                publicURL: configuration.publicURL, fixedFields: fixedFields)
            // Hits never reach the connection state handler: the hit handler keeps the idle timeout.
            server = SiteHTTPChannel.builder(
                beforeConversion: { [CacheHitHandler(hits: hits, idleTimeout: idleTimeout)] },
                afterConversion: { [LiveStreamHandler(streams: streams, idleTimeout: nil, logger: logger)] },
                idleTimeout: nil)
        } else {
            server = SiteHTTPChannel.builder(
                beforeConversion: { [] },
                afterConversion: { [LiveStreamHandler(streams: streams, idleTimeout: idleTimeout, logger: logger)] },
                idleTimeout: idleTimeout)
        }
        var app = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: Self.serverName),
            logger: logger)
        app.addServices(views, changes)
        if let requestLog { app.addServices(requestLog) }
        if let backend {
            app.addServices(Scheduler(newsroom: newsroom, leadership: leadership, logger: logger))
            if configuration.pushesToWebhooks {
                app.addServices(WireDeliveries(
                    site: site, backend: backend, leadership: leadership, policy: configuration.deliveries, logger: logger))
            }
            if let wireDesk, let interval = configuration.feedPolling {
                app.addServices(FeedPoller(desk: wireDesk, leadership: leadership, interval: interval, logger: logger))
            }
        }
        if let photoDesk, configuration.rendersPhotos { app.addServices(photoDesk) }
        if let indexNow { app.addServices(indexNow) }
        return app
    }
}

/// Builds the site and its HTTP application in one step.
public func buildApplication(
    configuration: WebConfiguration, store: any NewsStore, newsroom backend: (any NewsroomBackend)? = nil, clock: NewsClock = .system,
    shared: SharedTier = .none, invalidations: (any InvalidationChannel)? = nil, leadership: (any JobLeadership)? = nil,
    logger: Logger = Logger(label: "byline")
) async throws -> some ApplicationProtocol {
    try await BylineSite(
        configuration: configuration, store: store, newsroom: backend, clock: clock, shared: shared, invalidations: invalidations,
        leadership: leadership, logger: logger
    ).application()
}
