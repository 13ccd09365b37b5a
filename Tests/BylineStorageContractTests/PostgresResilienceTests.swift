import BylineCore
import BylinePostgres
import BylineTestSupport
import Foundation
import Testing

/// What only a database server can do to its clients: restart under them, freeze, be
/// opened by several nodes at once. Each test has a PostgreSQL server of its own.
@Suite("PostgreSQL: restarts, freezes, several nodes", .serialized)
struct PostgresResilienceTests {
    func open(_ url: String, timeout: Duration = .seconds(1)) async throws -> PostgresNewsStore {
        var configuration = try PostgresConfiguration(url: url)
        configuration.timeout = timeout
        configuration.connectTimeout = timeout
        return try await PostgresNewsStore.open(configuration)
    }

    /// A store with a one-second deadline. Opening it within that second may fail on a
    /// loaded test machine (every suite runs at once), so it is tried a few times.
    func openShort(_ url: String) async throws -> PostgresNewsStore {
        for _ in 0..<4 {
            if let store = try? await open(url) { return store }
        }
        return try await open(url)
    }

    @Test("after the server restarts, the first read succeeds on a new connection; a frozen server fails reads fast")
    func restartAndFreeze() async throws {
        let server = try PostgresServerProcess()
        defer { server.stop() }
        let url = try server.createDatabase()
        // A deadline long enough for the pool to connect again after the restart, on a loaded machine.
        let patient = try await open(url, timeout: .seconds(30))
        let store = try await openShort(url)
        #expect(try await patient.isEmpty())

        server.stop()
        try server.start()
        // The pooled connection died with the old server; no reader may be handed it.
        #expect(try await patient.isEmpty())
        await patient.close()

        server.freeze()
        let clock = ContinuousClock()
        let started = clock.now
        await #expect(throws: StorageError.self) { _ = try await store.sections() }
        #expect(clock.now - started < TestBounds.noHang, "one second of deadline")
        server.thaw()
        var recovered = false
        for _ in 0..<50 where !recovered {
            recovered = (try? await store.sections()) != nil
            if !recovered { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(recovered)
        await store.close()
    }

    @Test("nodes opening a new database together migrate it once")
    func concurrentMigrations() async throws {
        let server = try PostgresServerProcess()
        defer { server.stop() }
        let url = try server.createDatabase()
        let stores = try await withThrowingTaskGroup(of: PostgresNewsStore.self) { group in
            for _ in 0..<4 { group.addTask { try await open(url, timeout: .seconds(20)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let applied = try await stores[0].appliedMigrations()
        #expect(applied == ["createNewsroom", "createArticleSearch", "addSearchHeadings", "addSearchListing", "linkAccountsToBylines", "storeBodyHTML",
            "indexPublicTagsByTime", "createPhotoLibrary", "indexPhotoLibrary", "indexTrash", "allowKills", "createStoryChains", "createLiveCoverage",
            "createDistribution", "createWireSequence", "createDeliveryQueue", "createIngest", "createTraffic", "keepArticlePages",
            "indexSearchSections", "pairSearchTerms", "indexSearchSectionsByID"])
        for store in stores { await store.close() }
    }

    @Test("one node leads the scheduled jobs; when it lets go or its session dies, another takes over")
    func leadership() async throws {
        let server = try PostgresServerProcess()
        defer { server.stop() }
        var configuration = try PostgresConfiguration(url: try server.createDatabase())
        // A loaded test machine (every suite at once) can take seconds to connect; a lead lost
        // to a connect timeout would read as the other node leading.
        configuration.timeout = .seconds(20)
        configuration.connectTimeout = .seconds(20)
        let first = PostgresJobLeadership(configuration)
        let second = PostgresJobLeadership(configuration)
        #expect(await first.lead())
        #expect(await !second.lead())
        #expect(await first.lead(), "the leader keeps the lead")
        await first.resign()
        #expect(await second.lead())
        #expect(await !first.lead())

        // The server restarts: every session ends, and a node takes the lead again.
        server.stop()
        try server.start()
        var leaders = 0
        for _ in 0..<30 where leaders == 0 {
            leaders = [await first.lead(), await second.lead()].filter { $0 }.count
            if leaders == 0 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(leaders == 1)
        await first.resign()
        await second.resign()
    }
}
