import BylineCore
import BylinePostgres
import BylineSQLite
import BylineTestSupport
import Foundation
import GRDB
import Testing

/// A storage backend the contract suite runs against: every contract test runs on each.
enum StorageBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqliteInMemory
    case sqliteFile
    /// A fresh database on a real PostgreSQL server, started once for the test run.
    case postgres

    var testDescription: String { rawValue }

    /// A new, empty, migrated store.
    func makeStore() async throws -> any NewsStore & NewsroomBackend {
        try await open(try await newDatabase())
    }

    /// Where a new, empty, migrated database is: a file's path or a server's URL (nothing in memory).
    func newDatabase() async throws -> String {
        switch self {
        case .sqliteInMemory:
            return ""
        case .sqliteFile:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("byline-contract-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return directory.appendingPathComponent("byline.sqlite").path
        case .postgres:
            return try PostgresServerProcess.shared().createDatabase(template: try await Self.migratedTemplate.value)
        }
    }

    /// A new, empty, migrated store whose relevance searches rank this many of the newest matches.
    func makeStore(relevanceCandidates: Int) async throws -> any NewsStore & NewsroomBackend {
        try await open(try await newDatabase(), relevanceCandidates: relevanceCandidates)
    }

    /// Opens (and migrates) the store at `location`, as a server starting on it does.
    func open(_ location: String, relevanceCandidates: Int? = nil) async throws -> any NewsStore & NewsroomBackend {
        switch self {
        case .sqliteInMemory, .sqliteFile:
            var store = try self == .sqliteInMemory ? SQLiteNewsStore.inMemory() : SQLiteNewsStore(path: location)
            if let relevanceCandidates { store.relevanceCandidates = relevanceCandidates }
            return store
        case .postgres:
            var configuration = try PostgresConfiguration(url: location)
            if let relevanceCandidates { configuration.relevanceCandidates = relevanceCandidates }
            configuration.poolSize = 4
            configuration.timeout = .seconds(60)  // a loaded test machine, not a reader waiting
            // Newest-first searches read the newest articles one by one, then ask the index for
            // older matches: a window this small makes the small fixtures go past it.
            configuration.searchWindow = 3
            return try await PostgresNewsStore.open(configuration)
        }
    }

    /// Runs SQL on the database at `location` behind the store's back, as an older build would write.
    func execute(_ sql: String, at location: String) async throws {
        switch self {
        case .sqliteInMemory:
            preconditionFailure("an in-memory database has no location")
        case .sqliteFile:
            let queue = try DatabaseQueue(path: location)
            try await queue.write { try $0.execute(sql: sql) }
            try queue.close()
        case .postgres:
            try PostgresServerProcess.shared().execute(sql, url: location)
        }
    }

    /// A database migrated once and copied for every test: dozens of tests migrating
    /// their own at once kept the server too busy to answer within the deadline.
    static let migratedTemplate = Task<String, any Error> {
        let url = try PostgresServerProcess.shared().createDatabase()
        var configuration = try PostgresConfiguration(url: url)
        configuration.timeout = .seconds(60)
        let store = try await PostgresNewsStore.open(configuration)
        await store.close()
        return configuration.database
    }
}
