import BylineCache
import BylineCore
import BylineNewsroom
import BylineSQLite
import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypesHTTP1
import Testing
@testable import BylineWeb

/// `CacheHitHandler` on an embedded channel, whose clock the test moves: the order of
/// answers on one connection and the idle timeout, without waiting on a real clock.
@Suite("Cache hit handler")
struct CacheHitHandlerTests {
    static let idleTimeout = TimeAmount.seconds(30)

    /// A channel from 127.0.0.1 whose handler knows one cached article page, `/news/7`.
    func channel() async throws -> (EmbeddedChannel, ViewRecorder) {
        let cache = PageCache(capacityBytes: 1 << 20)
        _ = try await cache.page(for: "/news/7", kind: "article", policy: .article) {
            CachedPage(
                body: Array("<p>기사</p>".utf8), contentType: "text/html; charset=utf-8", keys: ["article-7"], renderedAt: Date(),
                route: "/news/{id}", countsReadOf: ArticleID(rawValue: 7))
        }
        // As RedisPageTier gives back a page another node rendered: bytes and keys only.
        _ = try await cache.page(for: "/news/9", kind: "article", policy: .article) {
            CachedPage(body: Array("<p>다른 노드</p>".utf8), contentType: "text/html; charset=utf-8", keys: ["article-9"], renderedAt: Date())
        }
        let views = ViewRecorder(store: try SQLiteNewsStore.inMemory(), shared: nil, clock: .system, logger: Logger(label: "test"))
        let hits = CacheHits(
            cache: cache, proxies: .loopback, metrics: SiteMetrics(), log: nil, views: views, publicURL: "https://news.byline.test",
            fixedFields: SecurityHeaders.fields(https: false))
        let channel = EmbeddedChannel(handler: CacheHitHandler(hits: hits, idleTimeout: Self.idleTimeout))
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40_000)).get()
        return (channel, views)
    }

    /// A request as the HTTP/1 decoder gives it to the handler.
    func request(_ path: String, _ channel: EmbeddedChannel, headers: HTTPHeaders = [:], version: HTTPVersion = .http1_1) throws {
        var headers = headers
        headers.add(name: "Host", value: "localhost")
        try channel.writeInbound(HTTPServerRequestPart.head(HTTPRequestHead(version: version, method: .GET, uri: path, headers: headers)))
        try channel.writeInbound(HTTPServerRequestPart.end(nil))
    }

    /// The parts the handler wrote itself, as (status, body).
    func answered(_ channel: EmbeddedChannel) throws -> [(HTTPResponse.Status, String)] {
        var answers: [(HTTPResponse.Status, String)] = []
        var status: HTTPResponse.Status?
        var body = ""
        while let part = try channel.readOutbound(as: HTTPServerResponsePart.self) {
            switch part {
            case .head(let head): status = HTTPResponse.Status(code: Int(head.status.code))
            case .body(.byteBuffer(let bytes)): body += String(buffer: bytes)
            case .body: Issue.record("a body written as a file region")
            case .end:
                if let status { answers.append((status, body)) }
                (status, body) = (nil, "")
            }
        }
        return answers
    }

    /// The request heads passed on to Hummingbird.
    func passedOn(_ channel: EmbeddedChannel) throws -> [String] {
        var paths: [String] = []
        while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
            if case .head(let head) = part { paths.append(head.uri) }
        }
        return paths
    }

    @Test("a hit is answered at once and counted as a read; anything else is passed on")
    func hitsAndMisses() async throws {
        let (channel, views) = try await channel()
        try request("/news/7", channel)
        let answers = try answered(channel)
        #expect(answers.map(\.0) == [.ok])
        #expect(answers.first?.1 == "<p>기사</p>")
        #expect(try passedOn(channel).isEmpty)
        #expect(views.backlog.database.byHour.values.reduce(0) { $0 + ($1[ArticleID(rawValue: 7)] ?? 0) } == 1)
        #expect(views.trafficBacklog.referrers.values.first == [.direct: 1])
        // A reader from a Naver search: only the kind of host is kept.
        let (fromNaver, naverViews) = try await self.channel()
        try request("/news/7", fromNaver, headers: ["Referer": "https://m.search.naver.com/search.naver?query=%EA%B8%B0%EC%82%AC"])
        #expect(try answered(fromNaver).map(\.0) == [.ok])
        #expect(naverViews.trafficBacklog.referrers.values.first == [.naver: 1])
        #expect(naverViews.trafficBacklog.minutes.values.reduce(0, +) == 1)

        try request("/news/8", channel)
        #expect(try answered(channel).isEmpty)
        #expect(try passedOn(channel) == ["/news/8"])
    }

    @Test("HTTP/1.0, an absolute-form target and too many header fields are left to the stack")
    func leftToTheStack() async throws {
        let (channel, views) = try await channel()
        try request("/news/7", channel, version: .http1_0)
        try request("http://localhost/news/7", channel)
        #expect(try answered(channel).isEmpty)
        #expect(try passedOn(channel) == ["/news/7", "http://localhost/news/7"])

        // 100 fields pass RequestGuard, 101 do not: the hit path answers only the first.
        let (crowded, _) = try await self.channel()
        let cookies = (0..<99).map { "c\($0)=1" }.joined(separator: "; ")
        try request("/news/7", crowded, headers: ["Cookie": cookies, "Accept": "*/*"])
        #expect(try answered(crowded).count == 1, "99 cookies and Accept: 100 fields (Host becomes the authority)")
        try request("/news/7", crowded, headers: ["Cookie": cookies + "; c99=1", "Accept": "*/*"])
        #expect(try answered(crowded).isEmpty)
        #expect(try passedOn(crowded) == ["/news/7"])
        #expect(views.backlog.database.isEmpty)
    }

    @Test("a hit through a trusted proxy counts the reader the proxy names")
    func forwardedReaders() async throws {
        let (channel, views) = try await channel()
        for reader in ["203.0.113.7", "203.0.113.7", "198.51.100.20"] {
            try request("/news/7", channel, headers: ["X-Forwarded-For": reader])
        }
        try request("/news/7", channel, headers: ["Forwarded": "for=192.0.2.60;proto=https"])
        #expect(try answered(channel).count == 4)
        let reads = views.backlog.database.byHour.values.reduce(0) { $0 + ($1[ArticleID(rawValue: 7)] ?? 0) }
        #expect(reads == 3, "the second read from 203.0.113.7 is a reload")
    }

    @Test("the fields a hit reads are counted as RequestGuard counts them once converted")
    func headerCounts() {
        let samples: [HTTPHeaders] = [
            ["Host": "localhost", "Accept": "*/*"],
            ["host": "a", "HOST": "b", "Cookie": "a=1; b=2;c=3; ; d", "cookie": "x=1"],
            ["X-Request-Id": "abc", "x-request-id": "def", "Accept-Encoding": "gzip", "If-None-Match": "\"1\""],
            ["Connection": "close", "X-Forwarded-For": "203.0.113.7, 10.0.0.1", "Referer": "https://example.test/"],
        ]
        for headers in samples {
            let read = RequestHeaders(headers)
            let fields = HTTPFields(headers, splitCookie: true)
            #expect(read.count == fields.count, "\(headers)")
            #expect(read.bytes == fields.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count }, "\(headers)")
            #expect(read.requestID == fields[.requestID])
            #expect(read.acceptEncoding == fields[.acceptEncoding])
            #expect(read.referer == fields[.referer])
            #expect(read.closes == (fields[.connection] == "close"))
            #expect(read.validates == (fields[.ifNoneMatch] != nil || fields[.ifModifiedSince] != nil))
            #expect(read.forwardedFor == fields[values: .xForwardedFor])
        }
    }

    @Test("a copy without a route (another node's, from Redis) is passed on, so that the stack counts its reads")
    func sharedCopies() async throws {
        let (channel, views) = try await channel()
        try request("/news/9", channel)
        #expect(try answered(channel).isEmpty)
        #expect(try passedOn(channel) == ["/news/9"])
        #expect(views.backlog.database.isEmpty)
    }

    @Test("behind a request still being answered, a hit waits its turn: answers leave in order")
    func order() async throws {
        let (channel, _) = try await channel()
        try request("/latest", channel)
        try request("/news/7", channel)
        #expect(try passedOn(channel) == ["/latest", "/news/7"], "the hit goes behind the render, not ahead of it")
        #expect(try answered(channel).isEmpty)

        // Hummingbird answers both; after that, hits are answered here again.
        for _ in 0..<2 {
            try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
            try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        }
        _ = try answered(channel)
        try request("/news/7", channel)
        #expect(try passedOn(channel).isEmpty)
        #expect(try answered(channel).map(\.0) == [.ok])
    }

    @Test("a connection kept busy by hits stays open; one idle past the timeout is closed")
    func idleTimeout() async throws {
        let (channel, _) = try await channel()
        for _ in 0..<4 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(20))
            try request("/news/7", channel)
            #expect(try answered(channel).count == 1)
        }
        #expect(channel.isActive, "80 seconds of hits, never 30 idle")
        channel.embeddedEventLoop.advanceTime(by: .seconds(31))
        #expect(!channel.isActive)
    }

    @Test("a connection waiting for a slow answer is not idle")
    func slowAnswer() async throws {
        let (channel, _) = try await channel()
        try request("/search?q=x", channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(90))
        #expect(channel.isActive)
        try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(31))
        #expect(!channel.isActive)
    }
}
