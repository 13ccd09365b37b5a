import BylineCache
import BylineCore
import BylinePostgres
import BylineRedis
import BylineSQLite
import Foundation
import Logging

/// Opens (and migrates) the database the settings name: SQLite in the data directory, or
/// the database a URL names (`postgres://...` or `sqlite:/path/file.sqlite`).
func openDatabase(_ settings: Settings, logger: Logger = quietLogger()) async throws -> any NewsDatabase {
    guard let url = settings.databaseURL else {
        try FileManager.default.createDirectory(at: settings.dataDirectory, withIntermediateDirectories: true)
        return try SQLiteNewsStore(path: settings.dataDirectory.appendingPathComponent("byline.sqlite").path)
    }
    if url.hasPrefix("sqlite:") {
        return try SQLiteNewsStore(path: String(url.dropFirst("sqlite:".count)))
    }
    if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
        let configuration: PostgresConfiguration
        do {
            configuration = try PostgresConfiguration(url: url)
        } catch {
            throw SettingsError("database URL '\(redacted(url))' is malformed: \(error)")
        }
        do {
            return try await PostgresNewsStore.open(configuration, logger: logger)
        } catch let error as StorageError {
            throw SettingsError("cannot open the database at '\(redacted(url))': \(error.detail.prefix(300))")
        }
    }
    throw SettingsError("database URL '\(redacted(url))' is not supported: use postgres://user:password@host:port/database or sqlite:/path/to/file")
}

/// Redis, when configured: only ever an accelerator (shared pages, counters, rankings, invalidations).
func openSharedTier(_ settings: Settings, logger: Logger) throws -> SharedTier {
    guard let url = settings.redisURL else { return .none }
    guard let redis = RedisConfiguration(url: url) else {
        throw SettingsError("redis URL '\(redacted(url))' is not valid: redis://[:password@]host[:port][/db][?timeout=50ms]")
    }
    let breaker = CircuitBreaker(onChange: { from, to in
        // Going down and coming back are news; the probes in between are not.
        let level: Logger.Level = from == .closed ? .warning : to == .closed ? .info : .debug
        logger.log(level: level, "redis circuit breaker \(from.rawValue) → \(to.rawValue)", metadata: ["breaker": "\(to.rawValue)"])
    })
    return .redis(RedisClient(redis, breaker: breaker))
}

/// The database driver's own log: its errors only. A failed connection is
/// reported once, by the store's error, rather than by every attempt of the pool.
func quietLogger(_ base: Logger = Logger(label: "byline.postgres")) -> Logger {
    var logger = base
    logger.logLevel = max(logger.logLevel, .error)
    return logger
}

/// Hides a password in a URL before it is printed.
func redacted(_ url: String) -> String {
    guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://") else { return url }
    return url[..<scheme.upperBound] + "***" + url[at...]
}
