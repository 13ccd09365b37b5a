import BylineCache
import BylineRedis
import BylineTestSupport
import Foundation
import Synchronization
import Testing

@Suite("Shared page tier on Redis", .serialized)
struct RedisPageTierTests {
    let policy = CachePolicy(freshFor: 60, staleWhileRevalidate: 60)

    func page(_ text: String) -> CachedPage {
        CachedPage(body: Array(text.utf8), contentType: "text/html; charset=utf-8", keys: ["article-1", "ticker"], renderedAt: Date())
    }

    func tier(
        _ server: RedisServerProcess, breaker: CircuitBreaker = CircuitBreaker(), timeout: Duration = .seconds(2)
    ) -> (RedisPageTier, RedisClient) {
        let client = RedisClient(
            RedisConfiguration(port: server.port, commandTimeout: timeout, connectTimeout: timeout), breaker: breaker)
        return (RedisPageTier(client: client), client)
    }

    @Test("a page stored by one node is found by another, bytes and keys intact")
    func roundTrip() async throws {
        let server = try RedisServerProcess()
        defer { server.stop() }
        let (tier, client) = tier(server)
        defer { client.close() }
        let original = page("<p>서울</p>")
        await tier.save(original, for: "/news/1", ttl: 60)
        let copy = try #require(await tier.load("/news/1"))
        #expect(copy.body == original.body)
        #expect(copy.keys == original.keys)
        #expect(copy.etag == original.etag)
        #expect(copy.contentType == original.contentType)
        #expect(await tier.load("/news/2") == nil)
        _ = try await client.send("SET", "byline:page:/odd", "not a page")
        #expect(await tier.load("/odd") == nil, "a value it did not write is a miss")
    }

    @Test("two nodes share renders: the second serves what the first rendered")
    func twoNodes() async throws {
        let server = try RedisServerProcess()
        defer { server.stop() }
        // Generous command timeouts: this test is about sharing, and a busy test machine (libvips
        // renders run beside it) can hold a command past the default two seconds.
        let (tierA, clientA) = tier(server, timeout: .seconds(10))
        let (tierB, clientB) = tier(server, timeout: .seconds(10))
        defer { clientA.close(); clientB.close() }
        // Fresh for an hour: on a machine busy enough to take a minute over this test, a copy
        // fresh for 60 s had aged out before the second node asked for it (and was rendered again).
        let policy = CachePolicy(freshFor: 3600, staleWhileRevalidate: 60)
        let nodeA = PageCache(capacityBytes: 1 << 20, shared: tierA)
        let nodeB = PageCache(capacityBytes: 1 << 20, shared: tierB)
        let renders = Mutex(0)
        let render: @Sendable () async throws -> CachedPage = { renders.withLock { $0 += 1 }; return page("기사") }
        #expect(try await nodeA.page(for: "/news/1", policy: policy, render: render).1 == .miss)
        // The first node stores its render in the background; wait until Redis has it (up to
        // 20 s: on a loaded machine the save can take seconds).
        for _ in 0..<2000 where await tierB.load("/news/1") == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
        let outcome = try await nodeB.page(for: "/news/1", policy: policy, render: render).1
        #expect(outcome == .shared)
        #expect(renders.withLock { $0 } == 1)
    }

    @Test("a frozen Redis costs a cold page one short timeout, then nothing while the breaker is open")
    func frozen() async throws {
        let server = try RedisServerProcess()
        defer { server.stop() }
        let breaker = CircuitBreaker(threshold: 2, cooldown: 5)
        let (tier, client) = tier(server, breaker: breaker, timeout: .milliseconds(50))
        defer { client.close() }
        let cache = PageCache(capacityBytes: 1 << 20, shared: tier)
        server.freeze()
        let clock = ContinuousClock()
        for number in 0..<10 {
            let elapsed = try await clock.measure {
                let (served, outcome) = try await cache.page(for: "/news/\(number)", policy: policy) { page("기사 \(number)") }
                #expect(outcome == .miss)
                #expect(String(decoding: served.body, as: UTF8.self) == "기사 \(number)")
            }
            #expect(elapsed < TestBounds.noHang, "page \(number) waited \(elapsed)")
        }
        #expect(breaker.state == .open)
    }
}
