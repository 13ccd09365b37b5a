import BylineMedia
import BylineNewsroom
import Foundation

/// What the web layer needs to know, read once by the executable and passed down as a value.
public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The address readers use, for absolute links in share metadata; no trailing slash.
    public var publicURL: String
    /// The agency name printed in datelines: `[서울=Byline]`.
    public var agencyName: String
    /// The site's title in the header and the browser tab.
    public var siteName: String
    /// Where uploaded and demo photos live; served under `/media/`.
    public var mediaDirectory: URL
    /// Where uploaded originals are kept, never served: `originals/` beside `mediaDirectory`.
    public var dataDirectory: URL { mediaDirectory.deletingLastPathComponent() }
    /// Upload limits and the watermark (`BYLINE_WATERMARK`).
    public var photos = PhotoProcessor()
    /// Whether this process makes renditions in the background as pictures arrive (tests
    /// that look at a picture still pending turn it off and make them by hand).
    public var rendersPhotos = true
    /// Whether pages and queries may be cached (`--no-cache` turns it off).
    public var cacheEnabled: Bool
    /// The most the in-process page cache holds.
    public var cacheCapacityBytes: Int
    /// The legal facts every page's footer shows.
    public var masthead: Masthead
    /// Search engines to notify of changed articles; `nil` turns IndexNow off.
    public var indexNow: IndexNowConfiguration?
    /// How webhook deliveries to subscribers are timed and retried.
    public var deliveries = DeliveryPolicy()
    /// Whether this process pushes to subscribers' webhooks (`WireDeliveries`); tests that
    /// drive deliveries step by step turn it off.
    public var pushesToWebhooks = true
    /// How often sources' RSS and Atom feeds are polled into the 수신 queue; `nil` polls none
    /// (tests poll by hand).
    public var feedPolling: TimeInterval? = 300
    /// Whether photos a partner's item names may be fetched from loopback and private
    /// networks (the tests' partners are on loopback); off, an item cannot make the server
    /// fetch from itself or its network.
    public var wirePhotosFromPrivateNetworks = false
    /// Per-client limits on search, sign-in and the Admin API (`--no-rate-limit` for benchmarks).
    public var rateLimits: Bool
    /// The proxies whose `X-Forwarded-For` or `Forwarded` header names the reader.
    public var trustedProxies: TrustedProxies = .loopback

    public init(
        host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil,
        agencyName: String = "Byline", siteName: String = "바이라인뉴스",
        mediaDirectory: URL, cacheEnabled: Bool = true, cacheCapacityBytes: Int = 64 << 20, masthead: Masthead = .demo,
        indexNow: IndexNowConfiguration? = nil, rateLimits: Bool = true
    ) {
        self.host = host
        self.port = port
        let url = publicURL ?? "http://\(host):\(port)"
        self.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.agencyName = agencyName
        self.siteName = siteName
        self.mediaDirectory = mediaDirectory
        self.cacheEnabled = cacheEnabled
        self.cacheCapacityBytes = cacheCapacityBytes
        self.masthead = masthead
        self.indexNow = indexNow
        self.rateLimits = rateLimits
    }
}
