import BylineCache
import BylineCore
import BylineRedis
import BylineTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// View counts and most-read rankings with Redis: never waited on, never lost to a short outage.
@Suite("Views and rankings through Redis", .serialized)
struct SharedCountingTests {
    func site(_ fixture: WebFixture, redis: RedisClient) async throws -> BylineSite {
        try await BylineSite(
            configuration: WebConfiguration(port: 0, mediaDirectory: fixture.directory.appendingPathComponent("media")),
            store: fixture.store, clock: .fixed(WebFixture.now), shared: .redis(redis))
    }

    func views(_ id: ArticleID, in redis: RedisClient) async throws -> Int64 {
        let hour = ViewCounts.hour(of: WebFixture.now)
        return try await redis.send("ZSCORE", "byline:views:\(hour)", String(id.rawValue)).integer ?? 0
    }

    @Test("the most-read lists come from the shared ranking, and from the database without one")
    func sharedRanking() async throws {
        let server = try RedisServerProcess()
        defer { server.stop() }
        let fixture = try await WebFixture(fillerArticles: 3)
        let redis = RedisClient(RedisConfiguration(port: server.port, commandTimeout: .seconds(1)))
        defer { redis.close() }
        // Another node counted 500 views of the lead article this hour.
        var counts = ViewCounts()
        counts.add(fixture.leadID, hour: ViewCounts.hour(of: WebFixture.now), count: 500)
        try await RedisViewCounter(client: redis).add(ViewBatch(counts: counts))

        let site = try await site(fixture, redis: redis)
        let page = try await site.site.mostRead.page(.hour, page: PageRequest(limit: 5), asOf: WebFixture.now)
        #expect(page.items.map(\.id) == [fixture.leadID], "Redis's ranking, not the database's (where the second article leads)")

        // Redis goes away: the last good ranking keeps serving; a fresh process falls back to the database.
        server.stop()
        let stillShared = try await site.site.mostRead.page(.hour, page: PageRequest(limit: 5), asOf: WebFixture.now)
        #expect(stillShared.items.map(\.id) == [fixture.leadID])
        let freshSite = try await self.site(fixture, redis: redis)
        let fromDatabase = try await freshSite.site.mostRead.page(.hour, page: PageRequest(limit: 5), asOf: WebFixture.now)
        #expect(fromDatabase.items.first?.id == fixture.secondID)
    }

    @Test("readers never wait on a frozen or dead Redis, and views counted meanwhile reach it when it is back")
    func outage() async throws {
        let server = try RedisServerProcess()
        defer { server.stop() }
        let port = server.port
        let fixture = try await WebFixture(fillerArticles: 0)
        let redis = RedisClient(
            RedisConfiguration(port: port, commandTimeout: .milliseconds(50), connectTimeout: .milliseconds(50)),
            breaker: CircuitBreaker(threshold: 2, cooldown: 0.2))
        defer { redis.close() }
        let site = try await site(fixture, redis: redis)
        let uri = "/news/\(fixture.leadID)"

        try await site.application().test(.router) { client in
            let clock = ContinuousClock()
            var reads = 0
            func read(_ times: Int) async throws {
                for number in 0..<times {
                    let start = clock.now
                    // Each article read is a cold page (its own query string), so it asks the shared tier.
                    let response = try await client.execute(uri: number % 3 == 0 ? "/" : "\(uri)?r=\(reads)", method: .get)
                    reads += 1
                    #expect(response.status == .ok)
                    #expect(clock.now - start < TestBounds.noHang, "a reader waited \(clock.now - start)")
                }
            }
            try await read(9)  // 6 article views, which reach the first Redis in a flush
            let first = RedisClient(RedisConfiguration(port: port, commandTimeout: .seconds(1)))
            var landed: Int64 = 0
            // Until the batch is acknowledged, too: one that timed out on a loaded machine but was
            // applied stays in doubt, and the Redis that starts later (without its marker) would
            // rightly take those 6 again.
            for _ in 0..<600 where landed < 6 || !site.views.backlog.shared.isEmpty {  // up to 30 s on a busy machine
                try await Task.sleep(for: .milliseconds(50))
                // A loaded machine may refuse a connection for a moment: asked again next time.
                landed = (try? await views(fixture.leadID, in: first)) ?? landed
            }
            first.close()
            #expect(landed == 6)
            server.freeze()
            try await read(30)  // 20 more, while Redis is frozen
            try await Task.sleep(for: .milliseconds(1500))  // a flush or two fail meanwhile
            server.stop(thawFirst: false)
            try await read(15)  // 10 more, while it is dead
            try await Task.sleep(for: .milliseconds(1500))
            let restarted = try RedisServerProcess(port: port)
            defer { restarted.stop() }
            let inspector = RedisClient(RedisConfiguration(port: port, commandTimeout: .seconds(1)))
            defer { inspector.close() }

            // Every one of the 30 views counted during the outage reaches the new Redis, whose
            // breaker lets it back in. (The first 6 died with the first Redis, which kept nothing.)
            var shared: Int64 = 0
            for _ in 0..<600 where shared < 30 {  // up to 30 s on a busy machine
                try await Task.sleep(for: .milliseconds(50))
                shared = (try? await views(fixture.leadID, in: inspector)) ?? shared
            }
            #expect(shared == 30)
        }
        // And the database, the durable record, has them all too, on top of the fixture's 10.
        let top = try await fixture.store.popular(.hour, page: PageRequest(limit: 1), asOf: WebFixture.now)
        #expect(top.items.map(\.id) == [fixture.leadID])
        #expect(top.next?.key == 46)
    }

    @Test("a Redis that never answers, or answers garbage, costs readers nothing", arguments: FakeRedisServer.Behaviour.allCases)
    func misbehaving(_ behaviour: FakeRedisServer.Behaviour) async throws {
        let fake = try await FakeRedisServer.start(behaviour)
        let fixture = try await WebFixture(fillerArticles: 3)
        let redis = RedisClient(RedisConfiguration(port: fake.port, commandTimeout: .milliseconds(50), connectTimeout: .milliseconds(50)))
        defer { redis.close() }
        let site = try await site(fixture, redis: redis)
        let clock = ContinuousClock()
        try await site.application().test(.router) { client in
            let uris = ["/", "/news/\(fixture.leadID)", "/latest", "/popular", "/section/society", "/rss.xml", "/api/v1/articles"]
            for round in 0..<3 {
                for uri in uris {
                    let start = clock.now
                    let response = try await client.execute(uri: round == 0 ? uri : "\(uri)\(uri.contains("?") ? "&" : "?")r=\(round)", method: .get)
                    #expect(response.status == .ok, "\(uri)")
                    #expect(clock.now - start < TestBounds.noHang, "\(uri) waited \(clock.now - start)")
                }
            }
            // The most-read list still comes from the database: the second article leads it there.
            let popular = try await client.execute(uri: "/popular?window=1h", method: .get)
            #expect(popular.text.contains("기준금리 동결 전망 우세"))
            try await site.newsroom.unpublish(fixture.secondID)
            #expect(try await client.execute(uri: "/news/\(fixture.secondID)", method: .get).status == .notFound)
        }
        try await fake.close()
    }
}
