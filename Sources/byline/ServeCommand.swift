import ArgumentParser
import BylineCore
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

    @Option(name: .long, help: "Proxies whose X-Forwarded-For or Forwarded header names the reader: addresses and CIDR ranges, comma-separated (env BYLINE_TRUSTED_PROXIES, default 127.0.0.0/8,::1).")
    var trustedProxies: String?

    @Flag(name: .long, help: "Keep an empty database empty instead of filling it with demo content.")
    var noDemo = false

    @Flag(name: .long, help: "Turn page and query caching off: every request renders from the database.")
    var noCache = false

    @Flag(name: .long, help: "Turn the per-client rate limits off (for load tests from one address).")
    var noRateLimit = false

    func run() async throws {
        returnLargeBlocksToTheSystem()
        LoggingSystem.bootstrap { StandardErrorLog(label: $0) }
        let settings = try storage.settings(["host": host, "port": port, "trustedProxies": trustedProxies])
        var logger = Logger(label: "byline")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info

        let database = try await openDatabase(settings, logger: quietLogger(logger))
        let media = settings.dataDirectory.appendingPathComponent("media")
        if !noDemo, try await database.isEmpty() {
            logger.info("empty database: adding the demo newsroom")
            try await DemoNewsroom.seed(into: database, mediaDirectory: media, now: Date())
        }
        let shared = try openSharedTier(settings, logger: logger)
        if let url = settings.redisURL {
            logger.info("sharing pages, view counts and invalidations through Redis", metadata: ["redis": "\(redacted(url))"])
        }
        // Several nodes on one PostgreSQL: one of them runs the scheduled jobs.
        let leadership = database.jobLeadership()

        var configuration = WebConfiguration(
            host: settings.host, port: settings.port, publicURL: settings.publicURL, agencyName: settings.agencyName,
            siteName: settings.siteName, mediaDirectory: media, cacheEnabled: !noCache, masthead: settings.masthead,
            indexNow: settings.indexNow, rateLimits: !noRateLimit)
        configuration.trustedProxies = settings.trustedProxies
        configuration.photos = settings.photos
        // A public https site is a real newspaper: the law wants every footer item filled in.
        let unset = settings.masthead.unset
        if settings.publicURL?.hasPrefix("https://") == true, !unset.isEmpty {
            logger.warning("the legal footer (신문법 §21) still has demo or empty values; set them before going live", metadata: [
                "settings": "\(unset.map { "BYLINE_" + $0.snakeUppercased }.joined(separator: ", "))",
            ])
        }
        // The database's own channel carries invalidations between every process on it: the
        // other nodes, and commands such as `byline import`.
        let app = try await buildApplication(
            configuration: configuration, store: database, newsroom: database, shared: shared, invalidations: database.invalidations,
            leadership: leadership, logger: logger)
        try await app.runService()
        await leadership?.resign()
        await database.close()
    }
}
