import BylineCore
import BylineSQLite
import Foundation

/// Opens the store the settings name: SQLite in the data directory unless a database URL says otherwise.
func openStore(_ settings: Settings) throws -> any NewsStore & NewsroomBackend {
    if let url = settings.databaseURL {
        guard url.hasPrefix("sqlite:") else {
            throw SettingsError("database URL '\(redacted(url))' is not supported by this build; PostgreSQL support is planned. Leave it unset to use SQLite.")
        }
        return try SQLiteNewsStore(path: String(url.dropFirst("sqlite:".count)))
    }
    try FileManager.default.createDirectory(at: settings.dataDirectory, withIntermediateDirectories: true)
    return try SQLiteNewsStore(path: settings.dataDirectory.appendingPathComponent("byline.sqlite").path)
}

/// Hides a password in a URL before it is printed.
func redacted(_ url: String) -> String {
    guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://") else { return url }
    return url[..<scheme.upperBound] + "***" + url[at...]
}
