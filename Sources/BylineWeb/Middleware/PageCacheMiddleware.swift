import BylineCache
import BylineCore
import Foundation
import HTTPTypes
import Hummingbird

/// Serves public pages, feeds and API answers from the in-process cache, with HTTP
/// validators (strong ETag, Last-Modified, 304) and `Cache-Control` for a CDN in front.
///
/// Controllers name what a page shows in its `Surrogate-Key` header; the cache keeps
/// those keys so that a change drops exactly the pages that show it.
struct PageCacheMiddleware: RouterMiddleware {
    typealias Context = BylineRequestContext
    /// `nil` when caching is off (`--no-cache`): every request renders.
    let cache: PageCache?
    /// The longest a page stays fresh (and is then revalidated), when nodes cannot tell each
    /// other of edits: several nodes on one database without Redis.
    var freshnessCap: TimeInterval?
    /// The site's clock, which also dates the copies, so that freshness follows the site's time.
    let clock: NewsClock

    /// A response the cache does not keep (anything but 200), passed through as it is.
    struct Uncacheable: Error {
        let response: Response
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard let cache, request.method == .get || request.method == .head, let policy = Self.policy(for: path, cap: freshnessCap) else {
            return try await next(request, context)
        }
        let key = request.uri.query.map { "\(path)?\($0)" } ?? path
        let page: CachedPage
        let outcome: PageCache.Outcome
        do {
            (page, outcome) = try await cache.page(
                for: key, policy: policy, isOutage: { ErrorDescription($0).status.code >= 500 }
            ) {
                let response = try await next(request, context)
                guard response.status == .ok else { throw Uncacheable(response: response) }
                return try await Self.capture(response, at: clock.now)
            }
        } catch let passed as Uncacheable {
            return passed.response
        }
        return Self.response(page, policy: policy, outcome: outcome, request: request)
    }

    /// How long each kind of answer stays fresh, at most `cap`; `nil` for what is never cached.
    /// A stale copy still stands in for as long as the database is down.
    static func policy(for path: String, cap: TimeInterval?) -> CachePolicy? {
        guard let policy = policy(for: path) else { return nil }
        guard let cap else { return policy }
        return CachePolicy(
            freshFor: min(policy.freshFor, cap), staleWhileRevalidate: 0, staleIfError: policy.staleIfError)
    }

    static func policy(for path: String) -> CachePolicy? {
        if path == "/healthz" || path == "/readyz" || path == "/metrics" || path.hasPrefix("/static/") || path.hasPrefix("/media/") || path.hasPrefix("/api/v1/admin") || path == "/admin" || path.hasPrefix("/admin/") {
            return nil
        }
        if path.hasPrefix("/news/") { return CachePolicy(freshFor: 60, staleWhileRevalidate: 60) }
        if path.hasSuffix(".xml") || path == "/robots.txt" { return CachePolicy(freshFor: 60, staleWhileRevalidate: 120) }
        if path == "/" || path == "/breaking" { return CachePolicy(freshFor: 10, staleWhileRevalidate: 30) }
        return CachePolicy(freshFor: 30, staleWhileRevalidate: 60)
    }

    static func capture(_ response: Response, at time: Date) async throws -> CachedPage {
        let collector = BodyCollector()
        try await response.body.write(collector)
        let keys = Set((response.headers[.surrogateKey] ?? "").split(separator: " ").map(String.init))
        return CachedPage(
            body: collector.bytes, contentType: response.headers[.contentType] ?? "application/octet-stream",
            keys: keys, renderedAt: time)
    }

    static func response(_ page: CachedPage, policy: CachePolicy, outcome: PageCache.Outcome, request: Request) -> Response {
        // The gzipped copy was made when the page was cached: serving it costs nothing per request.
        let gzipped = page.gzipped.flatMap { Self.acceptsGzip(request) ? $0 : nil }
        let etag = gzipped == nil ? page.etag : page.gzippedETag
        var headers = HTTPFields()
        headers[.contentType] = page.contentType
        headers[.cacheControl] = policy.cacheControl
        headers[.eTag] = etag
        if gzipped != nil { headers[.contentEncoding] = "gzip" }
        headers[.lastModified] = KoreanTime.httpDate(page.renderedAt)
        headers[.vary] = "Accept-Encoding"
        headers[.surrogateKey] = page.keys.sorted().joined(separator: " ")
        headers[.xCache] = outcome.rawValue
        if isNotModified(page, etag: etag, request: request) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: gzipped ?? page.body)))
    }

    /// Whether `Accept-Encoding` lists gzip without refusing it (`gzip;q=0`).
    static func acceptsGzip(_ request: Request) -> Bool {
        guard let header = request.headers[.acceptEncoding]?.lowercased() else { return false }
        return header.split(separator: ",").contains { coding in
            let parts = coding.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.first == "gzip" || parts.first == "*" else { return false }
            return !parts.dropFirst().contains { $0 == "q=0" || $0 == "q=0.0" || $0 == "q=0.00" || $0 == "q=0.000" }
        }
    }

    /// RFC 9110: If-None-Match wins when present; otherwise If-Modified-Since, to the second.
    static func isNotModified(_ page: CachedPage, etag: String, request: Request) -> Bool {
        if let tags = request.headers[.ifNoneMatch] {
            return tags == "*" || tags.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == etag }
        }
        if let since = request.headers[.ifModifiedSince].flatMap(HTTPDate.parse) {
            return page.renderedAt.timeIntervalSince1970.rounded(.down) <= since.timeIntervalSince1970
        }
        return false
    }
}

/// Gathers a response body written in pieces into one array of bytes.
final class BodyCollector: ResponseBodyWriter {
    var bytes: [UInt8] = []

    func write(_ buffer: ByteBuffer) async throws {
        bytes += buffer.readableBytesView
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// Reads `If-Modified-Since` (IMF-fixdate); `KoreanTime.httpDate` writes `Last-Modified`.
enum HTTPDate {
    static func parse(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.date(from: text)
    }
}

extension HTTPField.Name {
    /// The content a response shows, for targeted purges in a CDN and in our cache.
    static let surrogateKey: HTTPField.Name = named("Surrogate-Key")
    /// Whether the answer came from the cache (hit, miss, stale, staleOnError), for operators.
    static let xCache: HTTPField.Name = named("X-Cache")

    static func named(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("invalid header name \(name)") }
        return field
    }
}
