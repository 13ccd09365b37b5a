import BylineCore
import CompressNIO
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

@Suite("HTTP caching and the page cache")
struct HTTPCachingTests {
    @Test("gzip is sent when Accept-Encoding lists it or *, in any case, and not when it is refused")
    func acceptEncoding() {
        for accepted in ["gzip", "GZIP", "br, gzip;q=0.8", "gzip, deflate, br, zstd", "*", " gzip ; q=1", "identity, *;q=0.5",
                         "deflate,gzip", ",gzip", "gzip;q=0.5;level=1", "br;q=0, gzip"] {
            #expect(PageServing.acceptsGzip(accepted), "\(accepted)")
        }
        for refused in [nil, "", "br", "deflate, identity", "gzip;q=0", "gzip;Q=0.000, br", "*;q=0", "gzipx", "x-gzip",
                        ",", "gzip;level=1;q=0", "identity;q=0, br"] {
            #expect(!PageServing.acceptsGzip(refused), "\(refused ?? "none")")
        }
    }

    @Test("pages carry validators and cache headers, answer 304, and come from the cache the second time")
    func validators() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let first = try await client.execute(uri: "/news/\(fixture.leadID)", method: .get)
            #expect(first.status == .ok)
            #expect(first.headers[.xCache] == "miss")
            let etag = try #require(first.headers[.eTag])
            #expect(etag.hasPrefix("\"") && etag.hasSuffix("\""))
            #expect(first.headers[.cacheControl] == "public, max-age=30, s-maxage=150, stale-while-revalidate=300, stale-if-error=86400")
            #expect(first.headers[.vary] == "Accept-Encoding")
            #expect(first.headers[.lastModified]?.hasSuffix(" GMT") == true)
            let keys = Set((first.headers[.surrogateKey] ?? "").split(separator: " ").map(String.init))
            // What the page is about, and nothing it merely shows beside (ticker, 베스트 기사, related).
            #expect(keys == ["article-\(fixture.leadID)"])

            let second = try await client.execute(uri: "/news/\(fixture.leadID)", method: .get)
            #expect(second.headers[.xCache] == "hit")
            #expect(second.text == first.text)

            let conditional = try await client.execute(
                uri: "/news/\(fixture.leadID)", method: .get, headers: [.ifNoneMatch: etag])
            #expect(conditional.status == .notModified)
            #expect(conditional.body.readableBytes == 0)
            let other = try await client.execute(uri: "/news/\(fixture.leadID)", method: .get, headers: [.ifNoneMatch: "\"nope\""])
            #expect(other.status == .ok)
            let since = try await client.execute(
                uri: "/news/\(fixture.leadID)", method: .get, headers: [.ifModifiedSince: first.headers[.lastModified] ?? ""])
            #expect(since.status == .notModified)

            // Errors, operations and static files are not kept.
            let missing = try await client.execute(uri: "/news/999", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.headers[.xCache] == nil)
            #expect(try await client.execute(uri: "/healthz", method: .get).headers[.xCache] == nil)
        }
    }

    @Test("with caching off every request renders")
    func noCache() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await buildApplication(
            configuration: WebConfiguration(port: 0, mediaDirectory: fixture.directory, cacheEnabled: false),
            store: fixture.store, clock: .fixed(WebFixture.now))
        try await app.test(.router) { client in
            for _ in 0..<2 {
                let response = try await client.execute(uri: "/", method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.xCache] == nil)
                #expect(response.headers[.surrogateKey] != nil)
            }
        }
    }

    @Test("a change to an article names every page that shows it, and no other")
    func invalidationKeys() async throws {
        let fixture = try await WebFixture(fillerArticles: 2)
        let article = try #require(try await fixture.store.article(fixture.leadID, asOf: WebFixture.now))
        let tree = SectionTree(try await fixture.store.sections())
        let changed = SurrogateKeys.changed(article, tree: tree)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            func keys(_ uri: String) async throws -> Set<String> {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok, "\(uri)")
                return Set((response.headers[.surrogateKey] ?? "").split(separator: " ").map(String.init))
            }
            let showing = ["/news/\(fixture.leadID)", "/", "/latest", "/section/society", "/section/society/seoul",
                           "/reporters/1", "/tags/%EC%84%9C%EC%9A%B8", "/all?date=2024-10-10", "/rss.xml", "/section/society/rss.xml",
                           "/sitemap-news.xml", "/api/v1/articles", "/api/v1/articles/\(fixture.leadID)", "/breaking"]
            for uri in showing {
                let pageKeys = try await keys(uri)
                #expect(!pageKeys.isDisjoint(with: changed), "\(uri) shows the article and must be dropped")
            }
            // Pages that do not show it stay (the lead article is breaking, so only non-HTML answers are checked here).
            for uri in ["/api/v1/articles/\(fixture.secondID)", "/section/economy/rss.xml", "/reporters/2/rss.xml", "/api/v1/sections"] {
                let pageKeys = try await keys(uri)
                #expect(pageKeys.isDisjoint(with: changed), "\(uri) does not show the article")
            }
        }
    }

    @Test("text answers are gzipped once, when cached, for readers who accept it, with their own ETag")
    func gzip() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        try await fixture.application().test(.router) { client in
            let uri = "/news/\(fixture.leadID)"
            let plain = try await client.execute(uri: uri, method: .get)
            let zipped = try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: "br, gzip;q=0.8"])
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.headers[.vary] == "Accept-Encoding")
            #expect(zipped.body.readableBytes < plain.body.readableBytes / 2)
            var compressed = zipped.body
            let inflated = try compressed.decompress(with: .gzip())
            #expect(Array(inflated.readableBytesView) == Array(plain.body.readableBytesView))
            let etag = try #require(zipped.headers[.eTag])
            #expect(etag != plain.headers[.eTag])
            let again = try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(Array(again.body.readableBytesView) == Array(zipped.body.readableBytesView), "the same bytes: compressed once")
            let revalidated = try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: "gzip", .ifNoneMatch: etag])
            #expect(revalidated.status == .notModified)
            let refused = try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: "gzip;q=0, identity"])
            #expect(refused.headers[.contentEncoding] == nil)
            let small = try await client.execute(uri: "/robots.txt", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(small.headers[.contentEncoding] == nil, "not worth it under a kilobyte")
        }
    }
}
