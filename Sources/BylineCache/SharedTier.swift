import BylineCore

/// What a shared store (Redis) adds when it is configured: every part optional, every
/// part an accelerator that the site can do without.
public struct SharedTier: Sendable {
    public var pages: (any SharedPageTier)?
    public var views: (any SharedViewCounter)?
    public var invalidations: (any InvalidationChannel)?
    /// Per-client request counts across nodes, for the rate limits.
    public var rateLimits: (any SharedRateLimiter)?
    /// Reported on `/readyz`.
    public var probes: [any DependencyProbe]
    /// The circuit breaker's state (`closed`, `halfOpen`, `open`), for `/metrics`.
    public var breakerState: (@Sendable () -> String)?

    public init(
        pages: (any SharedPageTier)? = nil, views: (any SharedViewCounter)? = nil,
        invalidations: (any InvalidationChannel)? = nil, rateLimits: (any SharedRateLimiter)? = nil,
        probes: [any DependencyProbe] = [], breakerState: (@Sendable () -> String)? = nil
    ) {
        self.pages = pages
        self.views = views
        self.invalidations = invalidations
        self.rateLimits = rateLimits
        self.probes = probes
        self.breakerState = breakerState
    }

    /// A single node with nothing shared.
    public static let none = SharedTier()
}
