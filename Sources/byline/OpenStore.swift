import BylineCore
import BylinePostgres
import BylineSQLite
import Foundation
import Logging

/// Opens the store the settings name: SQLite in the data directory, or the database a URL
/// names (`postgres://...` or `sqlite:/path/file.sqlite`).
func openStore(_ settings: Settings, logger: Logger = quietLogger()) async throws -> any NewsStore & NewsroomBackend {
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

/// The database driver's own log: its errors only. A failed connection is
/// reported once, by the store's error, rather than by every attempt of the pool.
func quietLogger(_ base: Logger = Logger(label: "byline.postgres")) -> Logger {
    var logger = base
    logger.logLevel = max(logger.logLevel, .error)
    return logger
}

/// Closes what needs closing (PostgreSQL's connections) before a command ends.
func closeStore(_ store: any NewsStore) async {
    if let postgres = store as? PostgresNewsStore { await postgres.close() }
}

/// Hides a password in a URL before it is printed.
func redacted(_ url: String) -> String {
    guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://") else { return url }
    return url[..<scheme.upperBound] + "***" + url[at...]
}
