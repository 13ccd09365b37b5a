import BylineCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import BylineWeb

/// Fresh cached pages are answered on the connection's event loop, before Hummingbird's
/// request task, middleware and router (`CacheHitHandler`). These tests hold that shortcut
/// to the full stack's answer and to everything the stack does besides answering.
@Suite("Cache hits before routing")
struct CacheHitPathTests {
    func site(lines: OperationsHeadersTests.Lines = .init()) async throws -> (WebFixture, BylineSite) {
        let fixture = try await WebFixture(fillerArticles: 2)
        let site = try await BylineSite(
            configuration: WebConfiguration(host: "127.0.0.1", port: 0, mediaDirectory: fixture.directory.appendingPathComponent("media")),
            store: fixture.store, newsroom: fixture.accounts, clock: .fixed(WebFixture.now),
            logger: Logger(label: "test") { _ in OperationsHeadersTests.Recorder(lines: lines) }, requestLog: lines.requestLog)
        return (fixture, site)
    }

    func earlyHits(_ site: BylineSite) -> Int {
        let line = site.metrics.text().split(separator: "\n").first { $0.hasPrefix("byline_page_cache_early_hits_total ") }
        return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? -1
    }

    @Test("a hit before routing is the answer the full stack gives, with its headers, log line, metrics and read count")
    func sameAnswer() async throws {
        let lines = OperationsHeadersTests.Lines()
        let (fixture, site) = try await site(lines: lines)
        let path = "/news/\(fixture.leadID.rawValue)"
        try await site.application().test(.live) { client in
            let first = try await client.execute(uri: path, method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(first.headers[.xCache] == "miss")
            #expect(earlyHits(site) == 0)

            let second = try await client.execute(
                uri: path, method: .get, headers: [.acceptEncoding: "gzip", .requestID: "proxy-id-1", .xForwardedFor: "198.51.100.20"])
            #expect(second.headers[.xCache] == "hit")
            #expect(earlyHits(site) == 1, "answered before routing")
            #expect(second.status == .ok)
            #expect(second.body == first.body, "the same bytes")
            let varying: Set<HTTPField.Name> = [.xCache, .requestID, .date]
            #expect(Set(second.headers.map(\.name)) == Set(first.headers.map(\.name)), "the same headers")
            for field in first.headers where !varying.contains(field.name) {
                #expect(second.headers[field.name] == field.value, "\(field.name)")
            }
            #expect(second.headers[.requestID] == "proxy-id-1", "a proxy's request id is kept")
            #expect(second.headers[.server] == "Byline")

            // Revalidation and the other representation come from the same copy.
            let revalidated = try await client.execute(
                uri: path, method: .get, headers: [.ifNoneMatch: try #require(first.headers[.eTag])])
            #expect(revalidated.status == .ok, "the ETag of the gzipped bytes does not match the plain ones")
            let notModified = try await client.execute(
                uri: path, method: .get, headers: [.acceptEncoding: "gzip", .ifNoneMatch: try #require(first.headers[.eTag])])
            #expect(notModified.status == .notModified)
            #expect(notModified.body.readableBytes == 0)
            #expect(earlyHits(site) == 3)
        }
        try await Task.sleep(for: .milliseconds(100))
        let logged = lines.all.filter { $0.hasPrefix("request ") && $0.contains("route=/news/{id}") }
        #expect(logged.count == 4, "\(logged)")
        #expect(logged.contains { $0.contains("request_id=proxy-id-1 client=198.51.100.20") && $0.contains("status=200") && $0.contains("cache=hit") })
        #expect(logged.contains { $0.contains("status=304") && $0.contains("cache=hit") })
        #expect(site.metrics.text().contains(#"byline_http_requests_total{route="/news/{id}",method="GET",status="304"} 1"#))
    }

    @Test("stale copies, HEAD, Connection: close, rate-limited search and oversized headers go through the full stack")
    func passedOn() async throws {
        let (fixture, site) = try await site()
        let path = "/news/\(fixture.leadID.rawValue)"
        try await site.application().test(.live) { client in
            _ = try await client.execute(uri: path, method: .get)
            let head = try await client.execute(uri: path, method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(earlyHits(site) == 0, "HEAD is answered by the router")

            let port = try #require(client.port)
            let closing = try await RawHTTP.send(Array("GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8), port: port)
            #expect(closing.hasPrefix("HTTP/1.1 200 OK"))
            #expect(earlyHits(site) == 0, "a request that closes the connection is answered by the stack, which closes it")

            var oversized: HTTPFields = [:]
            for number in 0..<101 { oversized.append(HTTPField(name: HTTPField.Name("X-Filler-\(number)")!, value: "1")) }
            let refused = try await client.execute(uri: path, method: .get, headers: oversized)
            #expect(refused.status == .requestHeaderFieldsTooLarge)

            // Search is rate limited per reader, cached or not: the limit is in the stack.
            for _ in 0..<3 { _ = try await client.execute(uri: "/search?q=%EC%84%9C%EC%9A%B8", method: .get) }
            let search = try await client.execute(uri: "/search?q=%EC%84%9C%EC%9A%B8", method: .get)
            #expect(search.headers[.xCache] == "hit")
            #expect(earlyHits(site) == 0)

            // Once its article changes, the copy is stale: the stack serves it and renders anew.
            _ = try await client.execute(uri: path, method: .get)
            #expect(earlyHits(site) == 1)
            site.site.pageCache?.markStale(keys: ["article-\(fixture.leadID.rawValue)"])
            let stale = try await client.execute(uri: path, method: .get)
            #expect(stale.headers[.xCache] == "stale")
            #expect(earlyHits(site) == 1)
        }
    }

    @Test("pipelined requests are answered in the order they came, hits behind a render included")
    func pipelined() async throws {
        let (fixture, site) = try await site()
        try await site.application().test(.live) { client in
            let article = "/news/\(fixture.leadID.rawValue)"
            _ = try await client.execute(uri: article, method: .get)
            let port = try #require(client.port)
            // /latest is not cached yet: its render is under way when the hit behind it is read.
            let requests = "GET /latest HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET \(article) HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /latest HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            let reply = try await RawHTTP.send(Array(requests.utf8), port: port)
            let keys = reply.matches(of: /Surrogate-Key: ([^\r]*)\r\n/).map { String($0.1) }
            #expect(keys.count == 3)
            #expect(keys.first?.contains("latest") == true && keys.last?.contains("latest") == true, "\(keys)")
            #expect(keys.dropFirst().first == "article-\(fixture.leadID.rawValue)", "\(keys)")
        }
    }
}
