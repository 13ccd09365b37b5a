import BylineCore
import Foundation
import GRDB

/// The newsroom stored in one SQLite file, through GRDB.
///
/// One value wraps the database writer; opening it runs the migrations, so a
/// store that exists is a store whose schema is current. Reads run concurrently
/// on a WAL pool; writes are serialised by SQLite and each is one transaction.
public struct SQLiteNewsStore: NewsDatabase {
    let writer: any DatabaseWriter
    /// Connections: the readers of a WAL pool and its writer, or the one of a queue.
    let capacity: Int
    let calls = DatabaseCallCounter()
    /// Names this process in its invalidation rows, so that it ignores its own.
    let origin = UUID().uuidString
    /// How many of the newest matches a relevance search ranks (`search`).
    public var relevanceCandidates = 2_000
    /// How many of the newest articles a lone syllable's search tests one by one before it
    /// reads every match instead (`newestByWalking`).
    public var newestWalk = 200

    /// Opens (creating if needed) the database file at `path` and migrates it.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        // Four readers keep two cores busy; each gets a 16 MB page cache, since SQLite's 2 MB
        // default sent a 100,000-article archive back to the kernel for pages on every request.
        configuration.maximumReaderCount = 4
        configuration.prepareDatabase { db in
            // NORMAL is durable across application crashes in WAL mode and much faster than FULL.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -16000")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try self.init(writer: pool)
    }

    /// A private in-memory database, for tests and tools.
    public static func inMemory() throws -> SQLiteNewsStore {
        try SQLiteNewsStore(writer: DatabaseQueue())
    }

    init(writer: any DatabaseWriter) throws {
        self.writer = writer
        capacity = (writer as? DatabasePool).map { $0.configuration.maximumReaderCount + 1 } ?? 1
        try Self.migrator.migrate(writer)
        try Self.refreshBodyHTML(writer)
    }

    /// Copies the whole database, consistent as of one moment, into a new file at `path`
    /// while the site keeps serving (SQLite's online backup, page by page from one snapshot).
    public func backup(to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw BylineError.invalidInput("'\(path)' already exists; a backup never overwrites a file")
        }
        do {
            try writer.backup(to: try DatabaseQueue(path: path))
        } catch let error as DatabaseError {
            throw StorageError(isTransient: error.resultCode == .SQLITE_BUSY, detail: "backup: \(error)")
        }
    }

    public var databaseUsage: DatabaseUsage { calls.usage(capacity: capacity) }

    /// Names of the migrations applied so far, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await writer.read { db in try Self.migrator.appliedMigrations(db) }
    }

    public var invalidations: any InvalidationChannel { SQLiteInvalidationChannel(writer: writer, origin: origin) }

    /// One process serves a SQLite file: it runs the scheduled jobs itself.
    public func jobLeadership() -> (any JobLeadership)? { nil }

    /// Closed when the last copy of the store goes away.
    public func close() async {}

    /// Runs a read, turning SQLite failures into `StorageError`, whose SQL stays in the log.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await calls.count { try await writer.read(body) }
        } catch let error as DatabaseError {
            throw Self.storageError(error)
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await calls.count { try await writer.write(body) }
        } catch let error as DatabaseError {
            throw Self.storageError(error)
        }
    }

    static func storageError(_ error: DatabaseError) -> StorageError {
        let transient: [ResultCode] = [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_FULL, .SQLITE_PROTOCOL]
        return StorageError(isTransient: transient.contains(error.resultCode), detail: "SQLite: \(error)")
    }
}
