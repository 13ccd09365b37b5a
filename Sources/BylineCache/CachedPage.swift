import BylineCore
import Foundation

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

    public init(body: [UInt8], contentType: String, keys: Set<String>, renderedAt: Date) {
        self.body = body
        self.contentType = contentType
        self.keys = keys
        self.renderedAt = renderedAt
        self.etag = CachedPage.etag(for: body)
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

    public init(freshFor: TimeInterval, staleWhileRevalidate: TimeInterval, staleIfError: TimeInterval = 86_400) {
        self.freshFor = freshFor
        self.staleWhileRevalidate = staleWhileRevalidate
        self.staleIfError = staleIfError
    }

    /// `Cache-Control` for browsers and for a CDN or nginx in front.
    public var cacheControl: String {
        "public, max-age=\(Int(freshFor)), s-maxage=\(Int(freshFor * 5)), "
            + "stale-while-revalidate=\(Int(staleWhileRevalidate)), stale-if-error=\(Int(staleIfError))"
    }
}
