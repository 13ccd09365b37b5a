import BylineCore
import BylinePostgres
import BylineTestSupport
import Foundation
import Testing

/// A server on the same machine reached through its Unix socket (`?host=/directory`, as libpq
/// spells it), for the pool and for the sessions of their own (the jobs' lock).
@Suite("PostgreSQL: Unix socket")
struct PostgresSocketTests {
    @Test("a database URL naming the socket directory connects through it")
    func connects() async throws {
        let server = try PostgresServerProcess.shared()
        // The TCP port stays in the URL: PostgreSQL names its socket file after it.
        let url = try server.createDatabase(template: try await StorageBackend.migratedTemplate.value) + "?host=\(server.socketDirectory)"
        var configuration = try PostgresConfiguration(url: url)
        #expect(configuration.socketPath == "\(server.socketDirectory)/.s.PGSQL.\(server.port)")
        configuration.timeout = .seconds(60)
        let store = try await PostgresNewsStore.open(configuration)
        let newsroom = try await NewsroomFixture(store: store)
        let id = try await newsroom.publish("소켓으로 쓴 기사", tags: ["소켓"])
        #expect(try await store.articlePage(id, asOf: NewsroomFixture.noon)?.article.headline == "소켓으로 쓴 기사")
        let leadership = try #require(store.jobLeadership())
        #expect(await leadership.lead())
        await leadership.resign()
        await store.close()

        // Nothing listens at another directory: connecting fails, and says where it tried.
        var elsewhere = try PostgresConfiguration(url: "postgres://byline@localhost:\(server.port)/byline?host=/nonexistent&connect_timeout=500ms&timeout=1s")
        elsewhere.timeout = .seconds(2)
        await #expect { try await PostgresNewsStore.open(elsewhere) } throws: { error in
            "\(error)".contains("/nonexistent/.s.PGSQL.\(server.port)")
        }
    }

    @Test("a socket directory must be an absolute path", arguments: ["tmp", "", "./run"])
    func refusesRelative(_ directory: String) {
        #expect(throws: PostgresURLError.self) { try PostgresConfiguration(url: "postgres://byline@localhost/byline?host=\(directory)") }
    }
}
