import ArgumentParser

/// Where the newsroom is stored, and the Redis its servers share; every command takes these,
/// so that a command's changes reach the running servers' caches.
struct StorageOptions: ParsableArguments {
    @Option(name: .long, help: "Directory for the SQLite database and media (env BYLINE_DATA_DIR, default ./byline-data).")
    var dataDir: String?

    @Option(name: .long, help: "postgres://user:pass@host:port/db to use PostgreSQL instead of SQLite (env BYLINE_DATABASE_URL).")
    var databaseURL: String?

    @Option(name: .long, help: "redis://host:port for the shared cache (env BYLINE_REDIS_URL).")
    var redisURL: String?

    /// The settings, with these flags and `more` winning over the environment.
    func settings(_ more: [String: String?] = [:]) throws -> Settings {
        try Settings(flags: more.merging(["dataDir": dataDir, "databaseURL": databaseURL, "redisURL": redisURL]) { $1 })
    }
}
