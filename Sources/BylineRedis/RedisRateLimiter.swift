import BylineCache
import Foundation

/// Fixed-window request counters on Redis: one key per rule, client and window, counted
/// with INCR and dropped by EXPIRE when the window has passed.
public struct RedisRateLimiter: SharedRateLimiter {
    let client: RedisClient

    public init(client: RedisClient) {
        self.client = client
    }

    public func count(rule: String, client address: String, window: Int) async -> (count: Int, secondsLeft: Int)? {
        let now = Int(Date().timeIntervalSince1970)
        let key = "byline:rate:\(rule):\(address):\(now / window)"
        guard let replies = try? await client.pipeline([["INCR", key], ["EXPIRE", key, String(window + 1)]]),
              let count = replies.first?.integer
        else { return nil }
        return (Int(count), window - now % window)
    }
}
