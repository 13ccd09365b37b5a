import ArgumentParser

/// Where the newsroom is stored; every command takes these.
struct StorageOptions: ParsableArguments {
    @Option(name: .long, help: "Directory for the SQLite database and media (env BYLINE_DATA_DIR, default ./byline-data).")
    var dataDir: String?

    @Option(name: .long, help: "postgres://user:pass@host:port/db to use PostgreSQL instead of SQLite (env BYLINE_DATABASE_URL).")
    var databaseURL: String?
}
