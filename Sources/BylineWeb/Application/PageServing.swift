import BylineCache
import BylineCore
import Foundation
import HTTPTypes
import Hummingbird

/// Serves reader pages, feeds and Content API answers from the in-process cache, with HTTP
/// validators (strong ETag, Last-Modified, 304) and `Cache-Control` for a CDN in front.
///
/// Each reader route names its kind and cache policy where it is registered (`RouteCollection.page`)
/// and its controller returns a `RenderedPage`, which the cache keeps as it is. The admin,
/// the Admin API, operations and static files never pass through here.
struct PageServing: Sendable {
    /// `nil` when caching is off (`--no-cache`): every request renders.
    let cache: PageCache?
    /// The site's clock, which also dates the copies, so that freshness follows the site's time.
    let clock: NewsClock

    /// The page for `request`: the cached copy when there is one (fresh, or stale while one
    /// render replaces it, or stale while the database is down), else `render`'s.
    ///
    /// A stale copy's replacement renders in the background, after the reader has had the
    /// copy, so `render` must not depend on the request's task. `route` and `article` go with
    /// the copy for hits answered before routing (`CacheHitHandler`): the route for their log
    /// line and metrics, the article for its read count.
    func serve(
        _ request: Request, route: String?, kind: PageKind, policy: CachePolicy, countingReadsOf article: ArticleID? = nil,
        render: @escaping @Sendable () async throws -> RenderedPage
    ) async throws -> Response {
        guard let cache else { return Self.uncached(try await render()) }
        let path = request.uri.path
        let key = request.uri.query.map { "\(path)?\($0)" } ?? path
        let (page, outcome) = try await cache.page(
            for: key, kind: kind.rawValue, policy: policy, isOutage: { ErrorDescription($0).status.code >= 500 }
        ) { [clock] in
            let rendered = try await render()
            return CachedPage(
                body: rendered.body, contentType: rendered.contentType, keys: rendered.keys, renderedAt: clock.now, route: route,
                countsReadOf: article)
        }
        return Self.response(page, policy: policy, outcome: outcome, request: request)
    }

    /// A page served as rendered, when caching is off: a CDN in front must ask again.
    static func uncached(_ page: RenderedPage) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = page.contentType
        headers[.cacheControl] = "public, max-age=0, must-revalidate"
        headers[.surrogateKey] = page.keys.sorted().joined(separator: " ")
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: page.body)))
    }

    static func response(_ page: CachedPage, policy: CachePolicy, outcome: PageCache.Outcome, request: Request) -> Response {
        let (status, headers, body) = answer(page, policy: policy, outcome: outcome, requestHeaders: request.headers)
        return Response(status: status, headers: headers, body: body.map { .init(byteBuffer: $0) } ?? .init())
    }

    /// A copy's answer to a request with `requestHeaders`: 200 with its bytes (gzipped when
    /// accepted), or 304 without a body when the reader's copy is current.
    static func answer(
        _ page: CachedPage, policy: CachePolicy, outcome: PageCache.Outcome, requestHeaders: HTTPFields
    ) -> (HTTPResponse.Status, HTTPFields, ByteBuffer?) {
        // The gzipped copy was made when the page was cached: serving it costs nothing per request.
        let gzipped = page.gzippedBuffer.flatMap { Self.acceptsGzip(requestHeaders[.acceptEncoding]) ? $0 : nil }
        let etag = gzipped == nil ? page.etag : page.gzippedETag
        var headers = HTTPFields()
        headers.reserveCapacity(16)
        headers.append(HTTPField(name: .contentType, value: page.contentType))
        headers.append(HTTPField(name: .cacheControl, value: policy.cacheControl))
        headers.append(HTTPField(name: .eTag, value: etag))
        if gzipped != nil { headers.append(Self.gzipEncoding) }
        headers.append(HTTPField(name: .lastModified, value: page.lastModified))
        headers.append(Self.varyEncoding)
        headers.append(HTTPField(name: .surrogateKey, value: page.surrogateKey))
        headers.append(Self.outcomes[outcome] ?? HTTPField(name: .xCache, value: outcome.rawValue))
        if isNotModified(page, etag: etag, requestHeaders: requestHeaders) {
            return (.notModified, headers, nil)
        }
        return (.ok, headers, gzipped ?? page.bodyBuffer)
    }

    static let gzipEncoding = HTTPField(name: .contentEncoding, value: "gzip")
    static let varyEncoding = HTTPField(name: .vary, value: "Accept-Encoding")
    static let outcomes = Dictionary(uniqueKeysWithValues: PageCache.Outcome.allCases.map { ($0, HTTPField(name: .xCache, value: $0.rawValue)) })

    /// Whether `Accept-Encoding` lists gzip (or `*`) without refusing it (`gzip;q=0`).
    /// Read as bytes in place, without a formatter or arrays of pieces: every cached answer
    /// asks, and a browser sends the header with every request.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard var header else { return false }
        return header.withUTF8 { bytes in
            var codingStart = 0
            while codingStart <= bytes.count {
                let codingEnd = bytes[codingStart...].firstIndex(of: UInt8(ascii: ",")) ?? bytes.count
                var partStart = codingStart
                var isGzip = false
                var refused = false
                var first = true
                while partStart <= codingEnd {
                    let partEnd = bytes[partStart..<codingEnd].firstIndex(of: UInt8(ascii: ";")) ?? codingEnd
                    let part = trimmed(bytes[partStart..<partEnd])
                    if first {
                        isGzip = matches(part, "gzip") || matches(part, "*")
                        first = false
                    } else if ["q=0", "q=0.0", "q=0.00", "q=0.000"].contains(where: { matches(part, $0) }) {
                        refused = true
                    }
                    partStart = partEnd + 1
                }
                if isGzip && !refused { return true }
                codingStart = codingEnd + 1
            }
            return false
        }
    }

    private static func trimmed(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var bytes = bytes
        while let first = bytes.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { bytes.removeFirst() }
        while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { bytes.removeLast() }
        return bytes
    }

    /// ASCII, case-insensitive.
    private static func matches(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { $0 | 0x20 == $1 | 0x20 }
    }

    /// RFC 9110: If-None-Match wins when present; otherwise If-Modified-Since, to the second.
    static func isNotModified(_ page: CachedPage, etag: String, requestHeaders: HTTPFields) -> Bool {
        if let tags = requestHeaders[.ifNoneMatch] {
            return tags == "*" || tags.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == etag }
        }
        if let since = requestHeaders[.ifModifiedSince].flatMap(HTTPDate.parse) {
            return page.renderedAt.timeIntervalSince1970.rounded(.down) <= since.timeIntervalSince1970
        }
        return false
    }
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

/// The kinds of reader answer, for the page cache's counts in `/metrics`.
enum PageKind: String, Sendable {
    case home, article, section, list, search, feed, sitemap, api
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

extension RouteCollection where Context == BylineRequestContext {
    /// A reader route: `GET` (and `HEAD`) served through the page cache under `policy`,
    /// rendered by `render` when there is no usable copy.
    func page(
        _ path: RouterPath, kind: PageKind, policy: CachePolicy, _ pages: PageServing,
        use render: @escaping @Sendable (Request, Context) async throws -> RenderedPage
    ) {
        get(path) { request, context in
            try await pages.serve(request, route: context.endpointPath, kind: kind, policy: policy) { try await render(request, context) }
        }
    }
}
