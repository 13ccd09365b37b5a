import BylineCache
import BylineCore

extension SharedTier {
    /// Everything Redis shares between nodes, on one client and its breaker.
    public static func redis(_ client: RedisClient) -> SharedTier {
        let pages = RedisPageTier(client: client)
        return SharedTier(
            pages: pages, views: RedisViewCounter(client: client), invalidations: RedisInvalidationChannel(client: client),
            rateLimits: RedisRateLimiter(client: client),
            probes: [pages], breakerState: { client.breaker.state.rawValue })
    }
}
