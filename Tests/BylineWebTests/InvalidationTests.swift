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

/// Newsroom writes and the caches: a change marks stale every page that showed the article,
/// before and after the change, and no other; the article's own pages are purged. With
/// Redis, on every node.
@Suite("Invalidation on newsroom writes", .serialized)
struct InvalidationTests {
    func site(_ fixture: WebFixture, shared: SharedTier = .none) async throws -> BylineSite {
        try await BylineSite(
            configuration: WebConfiguration(port: 0, mediaDirectory: fixture.directory.appendingPathComponent("media")),
            store: fixture.store, clock: .fixed(WebFixture.now), shared: shared)
    }

    /// The second article moved from 경제 to 서울시, retitled, retagged.
    func revisedSecond() -> NewArticle {
        NewArticle(
            headline: "기준금리 동결 확정", body: "금리가 동결됐다.", section: SectionPath("society/seoul")!,
            authorEmails: ["haneul@byline.test"], tags: [Tag("가을")!], dateline: Dateline(city: "세종"),
            publishedAt: WebFixture.leadPublished.addingTimeInterval(-8400))
    }

    func outcome(_ client: some TestClientProtocol, _ uri: String) async throws -> String {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .ok, "\(uri)")
        return response.headers[.xCache] ?? "none"
    }

    /// Polls `uri` until its body contains (or no longer contains) `text`: a stale page is
    /// replaced by a render that runs behind the reader who was given it.
    func eventually(
        _ client: some TestClientProtocol, _ uri: String, contains text: String, _ wanted: Bool = true
    ) async throws -> Bool {
        for _ in 0..<250 {
            let response = try await client.execute(uri: uri, method: .get)
            if response.status == .ok, response.text.contains(text) == wanted { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test("an update purges the article's own pages, marks stale every page that listed it, before and after, and nothing else")
    func update() async throws {
        let fixture = try await WebFixture(fillerArticles: 2)
        let site = try await site(fixture)
        let second = fixture.secondID
        let purged = ["/news/\(second)", "/api/v1/articles/\(second)"]
        let marked = [
            "/", "/latest", "/all?date=2024-10-10", "/section/economy", "/section/society",
            "/section/society/seoul", "/tags/\(percentEncode("서울"))", "/reporters/2", "/reporters/2/rss.xml",
            "/rss.xml", "/section/economy/rss.xml", "/sitemap.xml", "/sitemap-news.xml", "/api/v1/articles",
            "/search?q=\(percentEncode("금리"))",
        ]
        // The lead shares the second's section, reporter and tag: its page is about itself alone.
        let kept = ["/popular", "/reporters/1", "/breaking", "/api/v1/sections", "/robots.txt", "/news/\(fixture.leadID)"]
        try await site.application().test(.router) { client in
            for uri in purged + marked + kept { _ = try await outcome(client, uri) }
            for uri in purged + marked + kept { #expect(try await outcome(client, uri) == "hit", "\(uri) warmed") }

            try await site.newsroom.update(second, with: revisedSecond())

            for uri in kept { #expect(try await outcome(client, uri) == "hit", "\(uri) does not show the article") }
            for uri in marked { #expect(try await outcome(client, uri) == "stale", "\(uri) showed the article") }
            for uri in purged { #expect(try await outcome(client, uri) == "miss", "\(uri) is the article's own") }
            let page = try await client.execute(uri: "/news/\(second)", method: .get)
            #expect(page.text.contains("기준금리 동결 확정"), "the article's page shows the change at once")
            #expect(try await eventually(client, "/section/society/seoul", contains: "기준금리 동결 확정"))
            #expect(try await eventually(client, "/section/economy", contains: "기준금리 동결", false))
        }
    }

    @Test("an unpublished article's page answers 404 at once, and it leaves every list, most-read boxes included")
    func unpublish() async throws {
        let fixture = try await WebFixture(fillerArticles: 2)
        let site = try await site(fixture)
        let lead = fixture.leadID
        let headline = "서울시, 한강 야간 수영장 개장"
        try await site.application().test(.router) { client in
            let pages = ["/", "/latest", "/breaking", "/popular?window=24h", "/rss.xml"]
            for uri in pages + ["/news/\(lead)", "/api/v1/articles/\(lead)"] {
                #expect(try await client.execute(uri: uri, method: .get).text.contains(headline), "\(uri) shows it")
            }
            try await site.newsroom.unpublish(lead)
            #expect(try await client.execute(uri: "/news/\(lead)", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/articles/\(lead)", method: .get).status == .notFound)
            for uri in pages {
                #expect(try await eventually(client, uri, contains: headline, false), "\(uri) still shows the withdrawn article")
            }
        }
    }

    @Test("a published article appears on the cached lists it belongs to, and no reader waits for it")
    func publish() async throws {
        let fixture = try await WebFixture(fillerArticles: 2)
        let site = try await site(fixture)
        try await site.application().test(.router) { client in
            let lists = ["/", "/latest", "/section/economy"]
            let others = ["/news/\(fixture.leadID)", "/news/\(fixture.secondID)", "/section/society"]
            for uri in lists + others { _ = try await outcome(client, uri) }
            let id = try await site.newsroom.publish(NewArticle(
                headline: "수출 두 달째 증가", body: "수출이 늘었다.", section: SectionPath("economy")!,
                authorEmails: ["haneul@byline.test"], isBreaking: true, publishedAt: WebFixture.now.addingTimeInterval(-60)))
            for uri in lists { #expect(try await outcome(client, uri) == "stale", "\(uri) is served while it refreshes") }
            // A 속보 by a reporter of these articles leaves their pages fresh.
            for uri in others { #expect(try await outcome(client, uri) == "hit", "\(uri) is not about the new article") }
            for uri in lists { #expect(try await eventually(client, uri, contains: "/news/\(id)"), "\(uri)") }
        }
    }

    @Test("without a page cache, the 속보 ticker and the most-read box follow a publish and an unpublish on the very next page")
    func sharedBlocksUncached() async throws {
        let fixture = try await WebFixture(fillerArticles: 2)
        let site = try await BylineSite(
            configuration: WebConfiguration(
                port: 0, mediaDirectory: fixture.directory.appendingPathComponent("media"), cacheEnabled: false),
            store: fixture.store, clock: .fixed(WebFixture.now))
        let page = "/news/\(fixture.secondID)"
        let headline = "수출 두 달째 증가"
        try await site.application().test(.router) { client in
            func ticker() async throws -> Substring {
                let html = try await client.execute(uri: page, method: .get).text
                guard let start = html.range(of: "<section class=\"ticker\""),
                      let end = html[start.upperBound...].range(of: "</section>") else { return "" }
                return html[start.lowerBound..<end.upperBound]
            }
            #expect(try await ticker().contains("ticker-label"))
            #expect(try await !ticker().contains(headline))
            let id = try await site.newsroom.publish(NewArticle(
                headline: headline, body: "수출이 늘었다.", section: SectionPath("economy")!,
                authorEmails: ["haneul@byline.test"], isBreaking: true, publishedAt: WebFixture.now.addingTimeInterval(-60)))
            #expect(try await ticker().contains(headline))
            try await site.newsroom.unpublish(id)
            #expect(try await !ticker().contains(headline))
            // The lead is in the most-read box (it has a photo and the fixture's views).
            let lead = "서울시, 한강 야간 수영장 개장"
            #expect(try await client.execute(uri: page, method: .get).text.contains(lead))
            try await site.newsroom.unpublish(fixture.leadID)
            #expect(try await !client.execute(uri: page, method: .get).text.contains(lead))
        }
    }

    @Test("a node that may have missed announcements marks every page stale, not gone; another node's purge drops its page")
    func missedAnnouncements() async throws {
        let fixture = try await WebFixture(fillerArticles: 2)
        let site = try await site(fixture)
        let pages = ["/", "/latest", "/news/\(fixture.leadID)", "/news/\(fixture.secondID)", "/api/v1/articles"]
        try await site.application().test(.router) { client in
            for uri in pages { _ = try await outcome(client, uri) }
            site.changes.apply(.everything)
            for uri in pages { #expect(try await outcome(client, uri) == "stale", "\(uri) is still served") }
            site.changes.apply(.purge([SurrogateKeys.article(fixture.leadID)]))
            #expect(try await outcome(client, "/news/\(fixture.leadID)") == "miss")
        }
    }

    @Test("with Redis, an edit on one node is served by the other within a second, shared copies included")
    func twoNodes() async throws {
        let server = try RedisServerProcess()
        defer { server.stop() }
        let fixture = try await WebFixture(fillerArticles: 2)
        let clientA = RedisClient(RedisConfiguration(port: server.port, commandTimeout: .seconds(1)))
        let clientB = RedisClient(RedisConfiguration(port: server.port, commandTimeout: .seconds(1)))
        defer { clientA.close(); clientB.close() }
        let nodeA = try await site(fixture, shared: .redis(clientA))
        let nodeB = try await site(fixture, shared: .redis(clientB))
        let uri = "/news/\(fixture.secondID)"
        try await nodeA.application().test(.router) { a in
            try await nodeB.application().test(.router) { b in
                _ = try await a.execute(uri: uri, method: .get)
                // B finds A's render in Redis (or renders it), then keeps its own copy.
                for _ in 0..<100 where try await b.execute(uri: uri, method: .get).headers[.xCache] != "hit" {
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(try await b.execute(uri: uri, method: .get).headers[.xCache] == "hit")

                // Both nodes are listening before the edit.
                for _ in 0..<200 {
                    let reply = try await clientA.send("PUBSUB", "NUMSUB", "byline:invalidate")
                    if case .array(let parts?) = reply, parts.count == 2, parts[1].integer == 2 { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await nodeA.newsroom.update(fixture.secondID, with: revisedSecond())
                let clock = ContinuousClock()
                let start = clock.now
                var updated = false
                while !updated, clock.now - start < .seconds(10) {
                    updated = try await b.execute(uri: uri, method: .get).text.contains("기준금리 동결 확정")
                    if !updated { try await Task.sleep(for: .milliseconds(20)) }
                }
                #expect(updated)
                // Within a second here; the bound asserted is generous so that a loaded machine does not fail it.
                #expect(clock.now - start < .seconds(5))
            }
        }
    }
}
