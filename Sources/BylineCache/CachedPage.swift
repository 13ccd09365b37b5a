import BylineCore
import CompressNIO
import Foundation
import NIOCore

/// A rendered answer kept in the cache: its bytes, how to serve them, and the keys of
/// the content it shows, so that a change to any of them can drop it.
public struct CachedPage: Sendable {
    public let body: [UInt8]
    public let contentType: String
    /// Surrogate keys such as `article-12` or `section-3`.
    public let keys: Set<String>
    /// A strong validator derived from the bytes.
    public let etag: String
    public let renderedAt: Date
    /// The body gzipped, made once when the page is cached and served to every reader
    /// who accepts it; `nil` for small or binary answers, where it would not pay.
    public let gzipped: [UInt8]?

    // What every answer from this copy sends, made once with the copy: a hit then copies
    // no bytes (a ByteBuffer shares its storage) and formats nothing.
    public let bodyBuffer: ByteBuffer
    public let gzippedBuffer: ByteBuffer?
    /// `keys` sorted and joined by spaces, as `Surrogate-Key` sends them.
    public let surrogateKey: String
    /// `renderedAt` as an HTTP date, for `Last-Modified`.
    public let lastModified: String
    /// The route that rendered it (`/news/{id}`), for the log and metrics of hits answered
    /// before routing, and the article whose reads a hit counts, if any.
    public let route: String?
    public let countsReadOf: ArticleID?

    public init(
        body: [UInt8], contentType: String, keys: Set<String>, renderedAt: Date, route: String? = nil, countsReadOf: ArticleID? = nil
    ) {
        self.body = body
        self.route = route
        self.countsReadOf = countsReadOf
        self.contentType = contentType
        self.keys = keys
        self.renderedAt = renderedAt
        self.etag = CachedPage.etag(for: body)
        let gzipped = CachedPage.gzip(body, contentType: contentType)
        self.gzipped = gzipped
        self.bodyBuffer = ByteBuffer(bytes: body)
        self.gzippedBuffer = gzipped.map { ByteBuffer(bytes: $0) }
        self.surrogateKey = keys.sorted().joined(separator: " ")
        self.lastModified = KoreanTime.httpDate(renderedAt)
    }

    /// The validator of the gzipped bytes: a different representation needs its own strong ETag.
    public var gzippedETag: String { String(etag.dropLast()) + "-gz\"" }

    static func gzip(_ body: [UInt8], contentType: String) -> [UInt8]? {
        let compressible = contentType.hasPrefix("text/") || contentType.contains("json") || contentType.contains("xml")
            || contentType.contains("javascript")
        guard compressible, body.count >= 1024 else { return nil }
        var buffer = ByteBuffer(bytes: body)
        guard let compressed = try? buffer.compress(with: .gzip()) else { return nil }
        return compressed.readableBytes < body.count ? Array(compressed.readableBytesView) : nil
    }

    /// The bytes' fingerprint and length, quoted as HTTP wants: equal bytes, equal tag.
    static func etag(for body: [UInt8]) -> String {
        "\"\(ContentHash.hex(body))-\(body.count)\""
    }
}

/// How long a kind of page stays fresh, and how long a stale copy may still be served.
public struct CachePolicy: Hashable, Sendable {
    /// Served without asking the database for this long.
    public let freshFor: TimeInterval
    /// After that, served while one refresh runs.
    public let staleWhileRevalidate: TimeInterval
    /// Served when a refresh fails (the database is down) for this long.
    public let staleIfError: TimeInterval

    /// `Cache-Control` for browsers and for a CDN or nginx in front.
    public let cacheControl: String

    public init(freshFor: TimeInterval, staleWhileRevalidate: TimeInterval, staleIfError: TimeInterval = 86_400) {
        self.freshFor = freshFor
        self.staleWhileRevalidate = staleWhileRevalidate
        self.staleIfError = staleIfError
        self.cacheControl = "public, max-age=\(Int(freshFor)), s-maxage=\(Int(freshFor * 5)), "
            + "stale-while-revalidate=\(Int(staleWhileRevalidate)), stale-if-error=\(Int(staleIfError))"
    }
}
