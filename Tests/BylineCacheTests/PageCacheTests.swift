import BylineCache
import BylineTestSupport
import Foundation
import Synchronization
import Testing

@Suite("Page cache")
struct PageCacheTests {
    /// A clock the test moves by hand.
    final class Clock: Sendable {
        let time = Mutex(Date(timeIntervalSince1970: 1_000_000))
        var now: Date { time.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    /// Counts renders, optionally slowly or failing.
    final class Renderer: Sendable {
        let renders = Mutex(0)
        let failing = Mutex(false)
        let clock: Clock
        init(clock: Clock) { self.clock = clock }

        func page(_ text: String, keys: Set<String> = [], delay: Duration = .zero) -> @Sendable () async throws -> CachedPage {
            { [self] in
                renders.withLock { $0 += 1 }
                if delay > .zero { try await Task.sleep(for: delay) }
                if failing.withLock({ $0 }) { throw URLError(.cannotConnectToHost) }
                return CachedPage(body: Array(text.utf8), contentType: "text/html", keys: keys, renderedAt: clock.now)
            }
        }
    }

    let policy = CachePolicy(freshFor: 60, staleWhileRevalidate: 30, staleIfError: 3600)

    @Test("fifty readers of a cold page cause one render")
    func coalescing() async throws {
        let clock = Clock()
        let renderer = Renderer(clock: clock)
        let cache = PageCache(capacityBytes: 1 << 20, now: { clock.now })
        let render = renderer.page("기사", delay: .milliseconds(50))
        let bodies = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<50 { group.addTask { try await cache.page(for: "/news/1", policy: policy, render: render).0.body } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(bodies.count == 50)
        #expect(Set(bodies).count == 1)
        #expect(renderer.renders.withLock { $0 } == 1)
    }

    /// Waits until the cache answers `key` from a fresh copy (a background render has landed).
    func settled(_ cache: PageCache, _ key: String, _ render: @escaping PageCache.Render) async throws -> CachedPage {
        for _ in 0..<200 {
            let (page, outcome) = try await cache.page(for: key, policy: policy, render: render)
            if outcome == .hit { return page }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("\(key) never became fresh again")
        throw CancellationError()
    }

    func text(_ page: CachedPage) -> String { String(decoding: page.body, as: UTF8.self) }

    @Test("fresh copies are served, stale ones at once while they refresh, and failures fall back to the old copy")
    func freshness() async throws {
        let clock = Clock()
        let renderer = Renderer(clock: clock)
        let cache = PageCache(capacityBytes: 1 << 20, now: { clock.now })
        #expect(try await cache.page(for: "/", policy: policy, render: renderer.page("v1")).1 == .miss)
        clock.advance(30)
        #expect(try await cache.page(for: "/", policy: policy, render: renderer.page("v2")).1 == .hit)
        clock.advance(40)
        // Past its freshness: the reader gets the old copy at once, and a render replaces it behind.
        let stale = try await cache.page(for: "/", policy: policy, render: renderer.page("v2"))
        #expect(stale.1 == .stale)
        #expect(text(stale.0) == "v1")
        #expect(text(try await settled(cache, "/", renderer.page("v2"))) == "v2")
        // The database goes away: the last copy is served for the stale-if-error window.
        renderer.failing.withLock { $0 = true }
        clock.advance(120)
        let fallback = try await cache.page(for: "/", policy: policy, render: renderer.page("v3"))
        #expect(fallback.1 == .staleOnError)
        #expect(text(fallback.0) == "v2")
        clock.advance(7200)
        await #expect(throws: URLError.self) { try await cache.page(for: "/", policy: policy, render: renderer.page("v3")) }
        // A page never rendered has nothing to fall back to.
        await #expect(throws: URLError.self) { try await cache.page(for: "/other", policy: policy, render: renderer.page("x")) }
    }

    @Test("readers of a stale page all get the old copy at once, and one render replaces it")
    func staleWhileRevalidate() async throws {
        let clock = Clock()
        let renderer = Renderer(clock: clock)
        let cache = PageCache(capacityBytes: 1 << 20, now: { clock.now })
        _ = try await cache.page(for: "/", policy: policy, render: renderer.page("old"))
        clock.advance(70)
        let slow = renderer.page("new", delay: .milliseconds(200))
        let answers = try await withThrowingTaskGroup(of: (CachedPage, PageCache.Outcome).self) { group in
            for _ in 0..<20 { group.addTask { try await cache.page(for: "/", policy: policy, render: slow) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.allSatisfy { $0.1 == .stale && text($0.0) == "old" })
        #expect(text(try await settled(cache, "/", renderer.page("never"))) == "new")
        #expect(renderer.renders.withLock { $0 } == 2, "the first render and one refresh")
    }

    @Test("invalidation marks stale exactly the pages showing the changed content, and they refresh behind their readers")
    func softPurge() async throws {
        let clock = Clock()
        let renderer = Renderer(clock: clock)
        let cache = PageCache(capacityBytes: 1 << 20, now: { clock.now })
        _ = try await cache.page(for: "/news/1", policy: policy, render: renderer.page("a", keys: ["article-1", "section-2"]))
        _ = try await cache.page(for: "/section/x", policy: policy, render: renderer.page("b", keys: ["section-2"]))
        _ = try await cache.page(for: "/news/2", policy: policy, render: renderer.page("c", keys: ["article-2", "section-3"]))
        cache.markStale(keys: ["section-2"])
        #expect(cache.count == 3, "nothing is dropped")
        #expect(try await cache.page(for: "/news/2", policy: policy, render: renderer.page("z")).1 == .hit)
        let stale = try await cache.page(for: "/news/1", policy: policy, render: renderer.page("a2", keys: ["article-1"]))
        #expect(stale.1 == .stale)
        #expect(text(stale.0) == "a")
        #expect(text(try await settled(cache, "/news/1", renderer.page("never"))) == "a2")
        #expect(cache.tallies["page"]?.markedStale == 2)
    }

    @Test("a purged page is never served again, not even when the render that replaces it fails")
    func purge() async throws {
        let clock = Clock()
        let renderer = Renderer(clock: clock)
        let cache = PageCache(capacityBytes: 1 << 20, now: { clock.now })
        _ = try await cache.page(for: "/news/1", policy: policy, render: renderer.page("old", keys: ["article-1"]))
        _ = try await cache.page(for: "/news/2", policy: policy, render: renderer.page("other", keys: ["article-2"]))
        cache.purge(keys: ["article-1"])
        #expect(cache.count == 1)
        renderer.failing.withLock { $0 = true }
        await #expect(throws: URLError.self) { try await cache.page(for: "/news/1", policy: policy, render: renderer.page("new")) }
        renderer.failing.withLock { $0 = false }
        let next = try await cache.page(for: "/news/1", policy: policy, render: renderer.page("new", keys: ["article-1"]))
        #expect(next.1 == .miss)
        #expect(text(next.0) == "new")
        #expect(cache.tallies["page"]?.purged == 1)
    }

    @Test("an outage right after an invalidation still serves the stale copies, and the failed refreshes are reported")
    func outageAfterInvalidation() async throws {
        let clock = Clock()
        let renderer = Renderer(clock: clock)
        let failures = Mutex<[String]>([])
        let cache = PageCache(capacityBytes: 1 << 20, now: { clock.now }) { key, _ in failures.withLock { $0.append(key) } }
        _ = try await cache.page(for: "/", policy: policy, render: renderer.page("home", keys: ["home"]))
        cache.markStale(keys: ["home"])
        renderer.failing.withLock { $0 = true }
        for _ in 0..<5 {
            let answer = try await cache.page(for: "/", policy: policy, render: renderer.page("never", keys: ["home"]))
            #expect(answer.1 == .stale)
            #expect(text(answer.0) == "home")
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await eventually { failures.withLock { !$0.isEmpty && $0.allSatisfy { $0 == "/" } } })
        // Past the stale-while-revalidate window the reader waits for the render, which fails: still the copy.
        clock.advance(120)
        let fallback = try await cache.page(for: "/", policy: policy, render: renderer.page("never", keys: ["home"]))
        #expect(fallback.1 == .staleOnError)
        #expect(text(fallback.0) == "home")
    }

    @Test("a page rendered while its content changed is kept stale after a soft purge, and rendered again after a purge")
    func renderDuringInvalidation() async throws {
        let clock = Clock()
        let renderer = Renderer(clock: clock)
        let cache = PageCache(capacityBytes: 1 << 20, now: { clock.now })
        let content = Mutex("old")
        let render: PageCache.Render = {
            let text = content.withLock { $0 }
            try await Task.sleep(for: .milliseconds(150))
            return CachedPage(body: Array(text.utf8), contentType: "text/html", keys: ["article-1"], renderedAt: clock.now)
        }
        // Soft: the readers who asked get the render, but the copy is kept as stale.
        async let soft = cache.page(for: "/list", policy: policy, render: render)
        try await Task.sleep(for: .milliseconds(50))
        content.withLock { $0 = "new" }
        cache.markStale(keys: ["article-1"])
        #expect(text(try await soft.0) == "old")
        #expect(try await cache.page(for: "/list", policy: policy, render: render).1 == .stale)

        // Hard: the render that read the withdrawn text is not handed out; it renders again.
        content.withLock { $0 = "old" }
        async let hard = cache.page(for: "/news/1", policy: policy, render: render)
        try await Task.sleep(for: .milliseconds(50))
        content.withLock { $0 = "withdrawn" }
        cache.purge(keys: ["article-1"])
        #expect(text(try await hard.0) == "withdrawn")
        #expect(try await cache.page(for: "/news/1", policy: policy, render: render).1 == .hit)
    }

    @Test("when every page goes stale at once, only a few render at a time")
    func refreshLimit() async throws {
        let clock = Clock()
        let renderer = Renderer(clock: clock)
        let cache = PageCache(capacityBytes: 1 << 20, now: { clock.now })
        for number in 0..<40 { _ = try await cache.page(for: "/p\(number)", policy: policy, render: renderer.page("v1")) }
        cache.markAllStale()
        let running = Mutex((now: 0, most: 0))
        let slow: PageCache.Render = {
            running.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            try await Task.sleep(for: .milliseconds(100))
            running.withLock { $0.now -= 1 }
            return CachedPage(body: Array("v2".utf8), contentType: "text/html", keys: [], renderedAt: clock.now)
        }
        for number in 0..<40 {
            #expect(try await cache.page(for: "/p\(number)", policy: policy, render: slow).1 == .stale)
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(running.withLock { $0.most } == 8)
        // The pages left stale start their render with their next reader.
        #expect(try await cache.page(for: "/p39", policy: policy, render: slow).1 == .stale)
        #expect(text(try await settled(cache, "/p39", slow)) == "v2")
    }

    @Test("lookups and invalidations are counted by kind of page")
    func tallies() async throws {
        let clock = Clock()
        let renderer = Renderer(clock: clock)
        let cache = PageCache(capacityBytes: 1 << 20, now: { clock.now })
        let render = renderer.page("a", keys: ["article-1"])
        _ = try await cache.page(for: "/news/1", kind: "article", policy: policy, render: render)
        _ = try await cache.page(for: "/news/1", kind: "article", policy: policy, render: render)
        _ = try await cache.page(for: "/", kind: "home", policy: policy, render: renderer.page("h", keys: ["home"]))
        cache.markStale(keys: ["article-1"])
        _ = try await cache.page(for: "/news/1", kind: "article", policy: policy, render: render)
        cache.purge(keys: ["home"])
        let tallies = cache.tallies
        #expect(tallies["article"] == {
            var tally = PageCacheTally()
            (tally.miss, tally.hit, tally.stale, tally.markedStale) = (1, 1, 1, 1)
            return tally
        }())
        #expect(tallies["home"]?.miss == 1)
        #expect(tallies["home"]?.purged == 1)
    }

    @Test("the cache stays within its byte budget, dropping the least recently used")
    func bounded() async throws {
        let clock = Clock()
        let renderer = Renderer(clock: clock)
        let cache = PageCache(capacityBytes: 10_000, now: { clock.now })
        for number in 0..<30 {
            _ = try await cache.page(for: "/p\(number)", policy: policy, render: renderer.page(String(repeating: "x", count: 900)))
            _ = try await cache.page(for: "/p0", policy: policy, render: renderer.page("never"))
        }
        #expect(cache.sizeInBytes <= 10_000)
        #expect(try await cache.page(for: "/p0", policy: policy, render: renderer.page("again")).1 == .hit, "used often, kept")
        #expect(try await cache.page(for: "/p1", policy: policy, render: renderer.page("again")).1 == .miss, "least recently used, gone")
    }
}
