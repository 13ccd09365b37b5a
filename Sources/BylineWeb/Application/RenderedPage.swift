import BylineCache

/// A public page, feed or API answer as a controller renders it: its bytes, their type,
/// and the keys of the content it shows. The page cache keeps it as it is, so nothing is
/// written into headers to be read back.
struct RenderedPage: Sendable {
    let body: [UInt8]
    let contentType: String
    /// What the page shows (`Surrogate-Key`): a change to any of them drops the page.
    let keys: Set<String>
}

extension CachePolicy {
    /// An article page: a change to the article invalidates it; its other blocks (ticker,
    /// 베스트 기사, related articles) are at most 30 s old on a page being read. A copy
    /// up to five minutes old answers at once while one render replaces it.
    static let article = CachePolicy(freshFor: 30, staleWhileRevalidate: 300)
    /// Feeds, sitemaps and robots.txt: read by machines that poll.
    static let document = CachePolicy(freshFor: 60, staleWhileRevalidate: 120)
    /// The home page and 속보: where the newest headlines show first.
    static let front = CachePolicy(freshFor: 10, staleWhileRevalidate: 30)
    /// Lists, section and reporter pages, search and the Content API.
    static let list = CachePolicy(freshFor: 30, staleWhileRevalidate: 60)
}
