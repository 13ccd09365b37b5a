import BylineCache
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

    @Test("fresh copies are served, stale ones refreshed, and failures fall back to the old copy")
    func freshness() async throws {
        let clock = Clock()
        let renderer = Renderer(clock: clock)
        let cache = PageCache(capacityBytes: 1 << 20, now: { clock.now })
        #expect(try await cache.page(for: "/", policy: policy, render: renderer.page("v1")).1 == .miss)
        clock.advance(30)
        #expect(try await cache.page(for: "/", policy: policy, render: renderer.page("v2")).1 == .hit)
        clock.advance(40)
        let refreshed = try await cache.page(for: "/", policy: policy, render: renderer.page("v2"))
        #expect(String(decoding: refreshed.0.body, as: UTF8.self) == "v2")
        // The database goes away: the last copy is served for the stale-if-error window.
        renderer.failing.withLock { $0 = true }
        clock.advance(120)
        let fallback = try await cache.page(for: "/", policy: policy, render: renderer.page("v3"))
        #expect(fallback.1 == .staleOnError)
        #expect(String(decoding: fallback.0.body, as: UTF8.self) == "v2")
        clock.advance(7200)
        await #expect(throws: URLError.self) { try await cache.page(for: "/", policy: policy, render: renderer.page("v3")) }
        // A page never rendered has nothing to fall back to.
        await #expect(throws: URLError.self) { try await cache.page(for: "/other", policy: policy, render: renderer.page("x")) }
    }

    @Test("while one reader refreshes a stale page, the others get the stale copy at once")
    func staleWhileRevalidate() async throws {
        let clock = Clock()
        let renderer = Renderer(clock: clock)
        let cache = PageCache(capacityBytes: 1 << 20, now: { clock.now })
        _ = try await cache.page(for: "/", policy: policy, render: renderer.page("old"))
        clock.advance(70)
        async let refresh = cache.page(for: "/", policy: policy, render: renderer.page("new", delay: .milliseconds(200)))
        try await Task.sleep(for: .milliseconds(50))
        let other = try await cache.page(for: "/", policy: policy, render: renderer.page("never"))
        #expect(other.1 == .stale)
        #expect(String(decoding: other.0.body, as: UTF8.self) == "old")
        #expect(String(decoding: try await refresh.0.body, as: UTF8.self) == "new")
    }

    @Test("invalidation drops exactly the pages showing the changed content")
    func invalidation() async throws {
        let clock = Clock()
        let renderer = Renderer(clock: clock)
        let cache = PageCache(capacityBytes: 1 << 20, now: { clock.now })
        _ = try await cache.page(for: "/news/1", policy: policy, render: renderer.page("a", keys: ["article-1", "section-2"]))
        _ = try await cache.page(for: "/section/x", policy: policy, render: renderer.page("b", keys: ["section-2"]))
        _ = try await cache.page(for: "/news/2", policy: policy, render: renderer.page("c", keys: ["article-2", "section-3"]))
        cache.invalidate(keys: ["section-2"])
        #expect(cache.count == 1)
        #expect(try await cache.page(for: "/news/2", policy: policy, render: renderer.page("z")).1 == .hit)
        #expect(try await cache.page(for: "/news/1", policy: policy, render: renderer.page("a2")).1 == .miss)
    }

    @Test("a page rendered while its content changed reaches its readers but is not kept")
    func renderDuringInvalidation() async throws {
        let clock = Clock()
        let renderer = Renderer(clock: clock)
        let cache = PageCache(capacityBytes: 1 << 20, now: { clock.now })
        async let slow = cache.page(
            for: "/news/1", policy: policy, render: renderer.page("old", keys: ["article-1"], delay: .milliseconds(200)))
        try await Task.sleep(for: .milliseconds(50))
        cache.invalidate(keys: ["article-1"])
        #expect(String(decoding: try await slow.0.body, as: UTF8.self) == "old")
        #expect(cache.count == 0)
        let next = try await cache.page(for: "/news/1", policy: policy, render: renderer.page("new", keys: ["article-1"]))
        #expect(next.1 == .miss)
        #expect(String(decoding: next.0.body, as: UTF8.self) == "new")
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
