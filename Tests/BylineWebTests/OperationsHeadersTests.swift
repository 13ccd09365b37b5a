import BylineCache
import BylineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// Security headers, request ids and the per-request log line.
@Suite("Operations: headers, request ids and logs")
struct OperationsHeadersTests {
    /// A log handler that keeps every line, for the test to read.
    struct Recorder: LogHandler {
        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            lines.lines.withLock { $0.append("\(event.message) \(fields)") }
        }
    }

    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }

        /// The request log into the same lines, without each line's time.
        var requestLog: AccessLog {
            AccessLog(interval: .milliseconds(10)) { [self] bytes in
                let written = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
                lines.withLock { $0 += written.map { String($0.drop { $0 != " " }.dropFirst()) } }
            }
        }
    }

    func site(_ fixture: WebFixture, publicURL: String? = nil, lines: Lines = Lines()) async throws -> BylineSite {
        let logger = Logger(label: "test") { _ in Recorder(lines: lines) }
        return try await BylineSite(
            configuration: WebConfiguration(port: 0, publicURL: publicURL, mediaDirectory: fixture.directory.appendingPathComponent("media")),
            store: fixture.store, newsroom: fixture.accounts, clock: .fixed(WebFixture.now), logger: logger, requestLog: lines.requestLog)
    }

    @Test("every kind of response carries the security headers, HSTS only over https")
    func securityHeaders() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let css = try await site(fixture).site.assets.url("site.css")
        for (publicURL, hsts) in [(nil as String?, false), ("https://news.byline.test", true)] {
            try await site(fixture, publicURL: publicURL).application().test(.router) { client in
                for uri in ["/", "/news/\(fixture.leadID)", "/news/999999", css, "/api/v1/articles", "/api/v1/articles/x", "/rss.xml",
                            "/admin/login", "/healthz"] {
                    let response = try await client.execute(uri: uri, method: .get)
                    let csp = try #require(response.headers[.contentSecurityPolicy], "\(uri)")
                    #expect(!csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"))
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                    #expect(response.headers[.referrerPolicy] == "strict-origin-when-cross-origin", "\(uri)")
                    #expect((response.headers[.strictTransportSecurity] != nil) == hsts, "\(uri)")
                }
            }
        }
    }

    @Test("a sane incoming request id is kept, a strange one replaced; it is echoed, shown on error pages and logged")
    func requestIDs() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let lines = Lines()
        try await site(fixture, lines: lines).application().test(.router) { client in
            let kept = try await client.execute(uri: "/news/999999", method: .get, headers: [.requestID: "edge-7f3a.42"])
            #expect(kept.headers[.requestID] == "edge-7f3a.42")
            #expect(kept.text.contains("요청 번호 edge-7f3a.42"))
            let strange = try await client.execute(uri: "/latest", method: .get, headers: [.requestID: "<script>alert(1)</script>"])
            let made = try #require(strange.headers[.requestID])
            #expect(made != "<script>alert(1)</script>" && RequestLogging.sane(made) == made)
            let fresh = try await client.execute(uri: "/latest", method: .get)
            #expect(fresh.headers[.requestID] != nil && fresh.headers[.requestID] != made)
        }
        let requestLines = lines.all.filter { $0.hasPrefix("request ") && $0.contains("duration_ms=") }
        let missing = try #require(requestLines.first { $0.contains("request_id=edge-7f3a.42") })
        #expect(missing.contains("method=GET") && missing.contains("status=404") && missing.contains("route=/news/{id}"), "\(missing)")
        #expect(missing.contains("duration_ms=") && missing.contains("cache=-"))
        #expect(requestLines.contains { $0.contains("route=/latest") && $0.contains("status=200") && $0.contains("cache=miss") })
        #expect(requestLines.contains { $0.contains("route=/latest") && $0.contains("cache=hit") })
        // Every line of a request carries its id: the error's own line too.
        #expect(lines.all.contains { $0.hasPrefix("request rejected") && $0.contains("request_id=edge-7f3a.42") })
    }

    @Test("/metrics speaks Prometheus: requests by route and status, latency, cache outcomes, workflow, breaker, backlogs")
    func metrics() async throws {
        let newsroom = try await NewsroomWebFixture()
        let site = try await BylineSite(
            configuration: WebConfiguration(port: 0, mediaDirectory: newsroom.web.directory),
            store: newsroom.web.store, newsroom: newsroom.web.accounts, clock: NewsClock { newsroom.now },
            shared: SharedTier(breakerState: { "open" }))
        try await site.application().test(.router) { client in
            for _ in 0..<3 { _ = try await client.execute(uri: "/news/\(newsroom.web.leadID)", method: .get) }
            _ = try await client.execute(uri: "/news/999999", method: .get)
            _ = try await client.execute(uri: "/", method: .get)
            let document = try ArticleForm.document(from: NewsroomWebFixture.articleFields)
            let id = try await site.newsroom.create(document, embargoUntil: nil, by: newsroom.editor)
            try await site.newsroom.publish(id, by: newsroom.editor)

            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(response.headers[.xCache] == nil)
            let text = response.text
            #expect(text.contains(#"byline_http_requests_total{route="/news/{id}",method="GET",status="200"} 3"#))
            #expect(text.contains(#"byline_http_requests_total{route="/news/{id}",method="GET",status="404"} 1"#))
            #expect(text.contains(#"byline_http_request_duration_seconds_bucket{route="/news/{id}",le="+Inf"} 4"#))
            // The first read and the missing article: both rendered.
            #expect(text.contains(#"byline_page_cache_lookups_total{kind="article",outcome="miss"} 2"#))
            #expect(text.contains(#"byline_page_cache_lookups_total{kind="article",outcome="hit"} 2"#))
            #expect(text.contains(#"byline_page_cache_lookups_total{kind="home",outcome="miss"} 1"#))
            // The publish marked the home page stale and left the article page alone.
            #expect(text.contains(#"byline_page_cache_invalidations_total{kind="home",action="stale"} 1"#))
            #expect(text.contains(#"byline_page_cache_invalidations_total{kind="article",action="stale"} 0"#))
            #expect(text.contains(#"byline_workflow_actions_total{action="publish"} 1"#))
            #expect(text.contains(#"byline_redis_breaker_state{state="open"} 1"#))
            #expect(text.contains(#"byline_redis_breaker_state{state="closed"} 0"#))
            #expect(text.contains(#"byline_view_counts_pending{destination="database"}"#))
            #expect(text.contains("byline_page_cache_bytes "))
            // The fixture's SQLite file: four readers and the writer; the scrape itself runs no store call.
            #expect(text.contains("byline_database_pool_connections 5.0\n"))
            #expect(text.contains("byline_database_calls_in_flight "))
            #expect(text.contains("# TYPE byline_database_timeouts_total counter"))
        }
    }
}
