import ArgumentParser
import BylineCache
import BylineCore
import BylinePostgres
import BylineRedis
import BylineDemo
import BylineWeb
import Foundation
import Hummingbird
import Logging

/// `byline serve`: runs the reader site.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the site (demo content on a new database).")

    @Option(name: .long, help: "Address to listen on (env BYLINE_HOST, default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "Port to listen on (env BYLINE_PORT, default 8080).")
    var port: String?

    @OptionGroup var storage: StorageOptions

    @Option(name: .long, help: "redis://host:port for the shared cache (env BYLINE_REDIS_URL).")
    var redisURL: String?

    @Option(name: .long, help: "Proxies whose X-Forwarded-For or Forwarded header names the reader: addresses and CIDR ranges, comma-separated (env BYLINE_TRUSTED_PROXIES, default 127.0.0.0/8,::1).")
    var trustedProxies: String?

    @Flag(name: .long, help: "Keep an empty database empty instead of filling it with demo content.")
    var noDemo = false

    @Flag(name: .long, help: "Turn page and query caching off: every request renders from the database.")
    var noCache = false

    @Flag(name: .long, help: "Turn the per-client rate limits off (for load tests from one address).")
    var noRateLimit = false

    func run() async throws {
        let settings = try Settings(flags: [
            "host": host, "port": port, "dataDir": storage.dataDir, "databaseURL": storage.databaseURL, "redisURL": redisURL,
            "trustedProxies": trustedProxies,
        ])
        var logger = Logger(label: "byline")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info

        let store = try await openStore(settings, logger: quietLogger(logger))
        let media = settings.dataDirectory.appendingPathComponent("media")
        if !noDemo, try await store.isEmpty() {
            logger.info("empty database: adding the demo newsroom")
            try await DemoNewsroom.seed(into: store, mediaDirectory: media, now: Date())
        }
        // Redis is optional and only ever an accelerator: shared pages, counters, rankings, invalidations.
        var shared = SharedTier.none
        if let url = settings.redisURL {
            guard let redis = RedisConfiguration(url: url) else {
                throw SettingsError("redis URL '\(redacted(url))' is not valid: redis://[:password@]host[:port][/db][?timeout=50ms]")
            }
            let breakerLogger = logger
            let breaker = CircuitBreaker(onChange: { from, to in
                // Going down and coming back are news; the probes in between are not.
                let level: Logger.Level = from == .closed ? .warning : to == .closed ? .info : .debug
                breakerLogger.log(level: level, "redis circuit breaker \(from.rawValue) → \(to.rawValue)", metadata: [
                    "breaker": "\(to.rawValue)",
                ])
            })
            shared = .redis(RedisClient(redis, breaker: breaker))
            logger.info("sharing pages, view counts and invalidations through Redis", metadata: ["host": "\(redis.host):\(redis.port)"])
        }

        // Several nodes on one PostgreSQL: one of them runs the scheduled jobs, and without
        // Redis to carry invalidations, cached pages may only stay fresh for a moment.
        var leadership: PostgresJobLeadership?
        var freshnessCap: TimeInterval?
        if let postgres = store as? PostgresNewsStore {
            leadership = PostgresJobLeadership(postgres.configuration, logger: logger)
            if settings.redisURL == nil {
                freshnessCap = 2
                logger.notice("""
                    PostgreSQL without Redis: other nodes cannot tell this one of edits, so cached pages \
                    stay fresh for 2 seconds at most; set BYLINE_REDIS_URL to share invalidations
                    """)
            }
        }

        var configuration = WebConfiguration(
            host: settings.host, port: settings.port, publicURL: settings.publicURL, agencyName: settings.agencyName,
            siteName: settings.siteName, mediaDirectory: media, cacheEnabled: !noCache, masthead: settings.masthead,
            indexNow: settings.indexNow, rateLimits: !noRateLimit)
        configuration.freshnessCap = freshnessCap
        configuration.trustedProxies = settings.trustedProxies
        // A public https site is a real newspaper: the law wants every footer item filled in.
        let unset = settings.masthead.unset
        if settings.publicURL?.hasPrefix("https://") == true, !unset.isEmpty {
            logger.warning("the legal footer (신문법 §21) still has demo or empty values; set them before going live", metadata: [
                "settings": "\(unset.map { "BYLINE_" + $0.snakeUppercased }.joined(separator: ", "))",
            ])
        }
        let app = try await buildApplication(
            configuration: configuration, store: store, newsroom: store, shared: shared, leadership: leadership, logger: logger)
        try await app.runService()
        await leadership?.resign()
        await closeStore(store)
    }
}
