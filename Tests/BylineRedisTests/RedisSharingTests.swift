import BylineCache
import BylineCore
import BylineRedis
import BylineTestSupport
import Foundation
import Synchronization
import Testing

/// What nodes share through a real redis-server besides pages: counters, rankings,
/// purges and invalidation messages.
@Suite("Sharing through Redis", .serialized)
struct RedisSharingTests {
    func client(_ server: RedisServerProcess, timeout: Duration = .seconds(2), breaker: CircuitBreaker = CircuitBreaker()) -> RedisClient {
        RedisClient(RedisConfiguration(port: server.port, commandTimeout: timeout, connectTimeout: timeout), breaker: breaker)
    }

    /// 2024-10-10T09:30:00Z.
    let now = Date(timeIntervalSince1970: 1_728_552_600)

    @Test("view counts add up per hour and rankings cover the hours of their window")
    func rankings() async throws {
        let server = try RedisServerProcess()
        defer { server.stop() }
        let redis = client(server)
        defer { redis.close() }
        let counter = RedisViewCounter(client: redis)
        let hour = ViewCounts.hour(of: now)
        var counts = ViewCounts()
        counts.add(ArticleID(rawValue: 1), hour: hour, count: 5)
        counts.add(ArticleID(rawValue: 2), hour: hour, count: 3)
        counts.add(ArticleID(rawValue: 9), hour: hour, count: 3)  // ties with 2: the newer id first
        counts.add(ArticleID(rawValue: 2), hour: hour - 5, count: 10)  // outside the last hour, inside the day
        counts.add(ArticleID(rawValue: 3), hour: hour - 30, count: 50)  // outside the day, inside the week
        let batch = ViewBatch(counts: counts)
        try await counter.add(batch)
        try await counter.add(ViewBatch(counts: counts))  // a second node's (or second second's) batch adds up
        try await counter.add(batch)  // the first sent again (after a timeout, say) is not counted twice

        let lastHour = try await counter.ranking(.hour, asOf: now, limit: 10)
        #expect(lastHour == [RankedArticle(id: ArticleID(rawValue: 1), views: 10),
                             RankedArticle(id: ArticleID(rawValue: 9), views: 6),
                             RankedArticle(id: ArticleID(rawValue: 2), views: 6)])
        let day = try await counter.ranking(.day, asOf: now, limit: 10)
        #expect(day.map(\.id.rawValue) == [2, 1, 9])
        #expect(day.first?.views == 26)
        let week = try await counter.ranking(.week, asOf: now, limit: 2)
        #expect(week.map(\.id.rawValue) == [3, 2])

        let ttl = try await redis.send("TTL", "byline:views:\(hour)").integer ?? 0
        #expect(ttl > 7 * 86_400, "an hour is kept long enough for the week window")
    }

    @Test("counts sent while Redis is frozen fail fast, and land when it thaws")
    func frozenCounts() async throws {
        let server = try RedisServerProcess()
        defer { server.stop() }
        let redis = client(server, timeout: .milliseconds(50), breaker: CircuitBreaker(threshold: 1, cooldown: 0.2))
        defer { redis.close() }
        let counter = RedisViewCounter(client: redis)
        var counts = ViewCounts()
        counts.add(ArticleID(rawValue: 4), hour: ViewCounts.hour(of: now), count: 7)
        let batch = ViewBatch(counts: counts)

        server.freeze()
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            await #expect(throws: RedisError.self) { try await counter.add(batch) }
        }
        #expect(elapsed < TestBounds.noHang)
        server.thaw()
        // The breaker lets a probe through after its cooldown; the retry then lands.
        var landed = false
        for _ in 0..<100 where !landed {
            try await Task.sleep(for: .milliseconds(50))
            landed = (try? await counter.add(batch)) != nil
        }
        #expect(landed)
        // Read back the same way: one 50 ms command may still time out on a loaded machine.
        var ranking: [RankedArticle] = []
        for _ in 0..<100 where ranking.isEmpty {
            ranking = (try? await counter.ranking(.hour, asOf: now, limit: 5)) ?? []
            if ranking.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        // Once: the frozen attempt may have been applied when Redis woke up, and the retry,
        // under the same batch id, then adds nothing.
        #expect(ranking.first?.views == 7)
    }

    @Test("a batch larger than one script call is counted once however often it is sent")
    func largeBatchOnce() async throws {
        let server = try RedisServerProcess()
        defer { server.stop() }
        let redis = client(server)
        defer { redis.close() }
        let counter = RedisViewCounter(client: redis)
        let hour = ViewCounts.hour(of: now)
        var counts = ViewCounts()
        for id in 1...2_500 { counts.add(ArticleID(rawValue: Int64(id)), hour: hour, count: id % 7 + 1) }
        counts.add(ArticleID(rawValue: 9_999), hour: hour, count: 100)
        let batch = ViewBatch(counts: counts)
        for _ in 0..<3 { try await counter.add(batch) }

        #expect(try await redis.send("ZCARD", "byline:views:\(hour)").integer == 2_501)
        #expect(try await redis.send("ZSCORE", "byline:views:\(hour)", "9999").string == "100")
        #expect(try await redis.send("ZSCORE", "byline:views:\(hour)", "2500").string == "\(2_500 % 7 + 1)")
        guard case .array(let markers?) = try await redis.send("KEYS", "byline:batch:\(batch.id):*") else {
            Issue.record("KEYS did not answer with a list")
            return
        }
        #expect(markers.count == 3, "2,501 increments make three script calls")
        let ttl = try await redis.send("TTL", "byline:views:\(hour)").integer ?? 0
        #expect(ttl > 7 * 86_400)
    }

    @Test("a purge drops the shared copies carrying a surrogate key, and only those")
    func purge() async throws {
        let server = try RedisServerProcess()
        defer { server.stop() }
        // A save that times out is dropped, as a cache should: on a machine loaded enough
        // for two seconds not to do, the expectations below would test the load instead.
        let redis = client(server, timeout: .seconds(20))
        defer { redis.close() }
        let tier = RedisPageTier(client: redis)
        func page(_ keys: Set<String>) -> CachedPage {
            CachedPage(body: Array("본문".utf8), contentType: "text/html", keys: keys, renderedAt: Date())
        }
        await tier.save(page(["article-1", "section-2", "ticker"]), for: "/news/1", ttl: 60)
        await tier.save(page(["article-2", "section-3", "ticker"]), for: "/news/2", ttl: 60)
        await tier.save(page(["home", "ticker"]), for: "/", ttl: 60)
        for key in ["/news/1", "/news/2", "/"] { #expect(await tier.load(key) != nil, "\(key) saved") }

        await tier.purge(keys: ["section-2", "home"])
        #expect(await tier.load("/news/1") == nil)
        #expect(await tier.load("/") == nil)
        #expect(await tier.load("/news/2") != nil)

        await tier.purge(keys: ["ticker"])
        #expect(await tier.load("/news/2") == nil)
    }

    @Test("an announcement reaches the other nodes, not the sender, and survives a Redis restart")
    func invalidations() async throws {
        var server = try RedisServerProcess()
        defer { server.stop() }
        let port = server.port
        let sender = client(server)
        let receiver = client(server)
        defer { sender.close(); receiver.close() }
        let nodeA = RedisInvalidationChannel(client: sender, nodeID: "a", heartbeat: .milliseconds(200))
        let nodeB = RedisInvalidationChannel(client: receiver, nodeID: "b", heartbeat: .milliseconds(200))
        let heardA = Mutex<[Invalidation]>([])
        let heardB = Mutex<[Invalidation]>([])
        let listeners = [
            Task { await nodeA.listen { message in heardA.withLock { $0.append(message) } } },
            Task { await nodeB.listen { message in heardB.withLock { $0.append(message) } } },
        ]
        defer { listeners.forEach { $0.cancel() } }

        // Subscriptions take a moment; announce until B has heard.
        try await eventually { await nodeA.announce(.stale(["article-7", "home"])); return !heardB.withLock { $0.isEmpty } }
        #expect(heardB.withLock { $0.first } == .stale(["article-7", "home"]))
        // "Mark stale" and "purge" are two different messages.
        try await eventually { await nodeA.announce(.purge(["article-7"])); return heardB.withLock { $0.contains(.purge(["article-7"])) } }
        #expect(heardA.withLock { $0.isEmpty }, "a node does not hear itself")

        // Redis dies and comes back on the same port: B reconnects by itself and, having
        // possibly missed announcements, is told to mark everything stale; then messages flow again.
        server.stop()
        try await Task.sleep(for: .milliseconds(300))
        server = try RedisServerProcess(port: port)
        try await eventually { heardB.withLock { $0.contains(.everything) } }
        heardB.withLock { $0 = [] }
        try await eventually { await nodeA.announce(.purge(["article-8"])); return heardB.withLock { $0.contains(.purge(["article-8"])) } }
    }

    @Test("a frozen Redis is noticed by the heartbeat and the subscription comes back after it thaws")
    func frozenSubscription() async throws {
        let server = try RedisServerProcess()
        defer { server.stop() }
        let sender = client(server, timeout: .milliseconds(200))
        let receiver = RedisClient(RedisConfiguration(
            port: server.port, commandTimeout: .milliseconds(100), connectTimeout: .milliseconds(100)))
        defer { sender.close(); receiver.close() }
        let nodeA = RedisInvalidationChannel(client: sender, nodeID: "a")
        let nodeB = RedisInvalidationChannel(client: receiver, nodeID: "b", heartbeat: .milliseconds(100))
        let heard = Mutex<[Invalidation]>([])
        let listener = Task { await nodeB.listen { message in heard.withLock { $0.append(message) } } }
        defer { listener.cancel() }
        try await eventually { await nodeA.announce(.stale(["first"])); return !heard.withLock { $0.isEmpty } }

        server.freeze()
        try await Task.sleep(for: .seconds(1))  // several heartbeats unanswered: B drops the connection
        server.thaw()
        try await eventually { heard.withLock { $0.contains(.everything) } }
        try await eventually { await nodeA.announce(.stale(["second"])); return heard.withLock { $0.contains(.stale(["second"])) } }
    }

    @Test("the breaker reports each change of state")
    func breakerChanges() async throws {
        let changes = Mutex<[String]>([])
        let time = Mutex(Date(timeIntervalSince1970: 0))
        let breaker = CircuitBreaker(threshold: 2, cooldown: 1, now: { time.withLock { $0 } }) { from, to in
            changes.withLock { $0.append("\(from.rawValue)→\(to.rawValue)") }
        }
        breaker.recordFailure()
        breaker.recordFailure()
        #expect(!breaker.allowsCall())
        time.withLock { $0 = $0.addingTimeInterval(2) }
        #expect(breaker.allowsCall())
        breaker.recordFailure()
        time.withLock { $0 = $0.addingTimeInterval(2) }
        #expect(breaker.allowsCall())
        breaker.recordSuccess()
        breaker.recordSuccess()
        #expect(changes.withLock { $0 } == ["closed→open", "open→halfOpen", "halfOpen→open", "open→halfOpen", "halfOpen→closed"])
    }

    /// Retries `condition` every 50 ms for up to ten seconds (a generous bound, not a timing claim).
    func eventually(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<200 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("condition not met within ten seconds")
    }

    @Test("request counts for the rate limits add up across nodes within a window; a stopped Redis counts nothing")
    func rateCounts() async throws {
        let server = try RedisServerProcess()
        defer { server.stop() }
        let nodeA = RedisRateLimiter(client: client(server))
        let nodeB = RedisRateLimiter(client: client(server))
        // Both nodes count in the same ten-second window unless one just ended; then retry once,
        // as a client of its own, so that the retry does not add to what the first try counted.
        var counts: [Int] = []
        for attempt in 0..<2 {
            counts = []
            for limiter in [nodeA, nodeA, nodeA, nodeB, nodeB] {
                counts.append(try #require(await limiter.count(rule: "search", client: "10.0.0.9#\(attempt)", window: 10)).count)
            }
            if counts.last == 5 { break }
        }
        #expect(counts.suffix(2) == [4, 5])
        let other = try #require(await nodeB.count(rule: "search", client: "10.0.0.10", window: 10))
        #expect(other.count == 1, "each client has its own count")
        #expect((1...10).contains(other.secondsLeft))
        server.stop()
        #expect(await RedisRateLimiter(client: client(server, timeout: .milliseconds(200))).count(rule: "search", client: "x", window: 10) == nil)
    }
}
