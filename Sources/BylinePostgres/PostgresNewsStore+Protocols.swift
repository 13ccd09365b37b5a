import BylineCore

// The storage seams, implemented by the extensions in Queries/.
extension PostgresNewsStore: NewsDatabase {
    public var invalidations: any InvalidationChannel { PostgresInvalidationChannel(store: self, origin: origin) }

    public func jobLeadership() -> (any JobLeadership)? {
        PostgresJobLeadership(configuration, logger: logger)
    }

    public func backup(to path: String) async throws {
        throw BylineError.invalidInput("backup copies SQLite databases; back PostgreSQL up with pg_dump")
    }
}
