/// Counts requests per client across every node, so that a rate limit holds however many
/// nodes serve the site. Like the rest of the shared tier it is an accelerator: when it
/// cannot count, each node's own limit still applies.
public protocol SharedRateLimiter: Sendable {
    /// Adds one request by `client` under `rule` to the current window of `window` seconds;
    /// returns the window's count so far and the seconds left in it, or `nil` when unavailable.
    func count(rule: String, client: String, window: Int) async -> (count: Int, secondsLeft: Int)?
}
