import BylineCache
import BylineCore
import Hummingbird
import Synchronization

/// Per-client limits on the expensive endpoints (search, sign-in, the Admin API): a
/// token bucket per client address, answering 429 with Retry-After when it is empty.
///
/// The buckets live in this process; with Redis, a per-client count across every node
/// caps the total too, so that several nodes do not multiply the limit. The client is the
/// reader's address, found behind trusted proxies by ClientAddressing.
struct RateLimiting: RouterMiddleware {
    typealias Context = BylineRequestContext

    struct Rule: Sendable {
        let name: String
        /// Requests a second refilled, and the most that may be spent at once.
        let rate: Double
        let burst: Double
        let matches: @Sendable (Request) -> Bool
    }

    static let rules = [
        Rule(name: "search", rate: 5, burst: 20) { $0.uri.path == "/search" || $0.uri.path == "/api/v1/search" },
        Rule(name: "signin", rate: 0.2, burst: 10) { $0.method == .post && $0.uri.path == "/admin/login" },
        Rule(name: "admin-api", rate: 20, burst: 60) { $0.uri.path.hasPrefix("/api/v1/admin/") || $0.uri.path == "/api/v1/admin" },
    ]

    let buckets = TokenBuckets()
    /// Counts across nodes (Redis), when configured.
    var shared: (any SharedRateLimiter)?
    /// The window of the shared count: within it a client may spend its burst and what the rate refills.
    static let sharedWindow = 10

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // Without a peer address (an in-process test client) there is no client to count.
        if context.clientAddress != BylineRequestContext.unknownAddress,
           let rule = Self.rules.first(where: { $0.matches(request) }),
           let wait = buckets.take(rule: rule, client: context.clientAddress) {
            throw BylineError.tooManyAttempts(retryAfter: wait)
        }
        if let shared, context.clientAddress != BylineRequestContext.unknownAddress,
           let rule = Self.rules.first(where: { $0.matches(request) }),
           let (count, secondsLeft) = await shared.count(rule: rule.name, client: context.clientAddress, window: Self.sharedWindow),
           Double(count) > rule.burst + rule.rate * Double(Self.sharedWindow) {
            throw BylineError.tooManyAttempts(retryAfter: max(1, secondsLeft))
        }
        return try await next(request, context)
    }
}

/// The buckets, bounded: past `capacity` clients per rule, the full (idle) ones are forgotten.
final class TokenBuckets: Sendable {
    struct Bucket {
        var tokens: Double
        var at: ContinuousClock.Instant
    }

    let capacity: Int
    private let state = Mutex<[String: [String: Bucket]]>([:])

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// Spends a token; `nil` when there was one, else the seconds until there will be.
    func take(rule: RateLimiting.Rule, client: String, now: ContinuousClock.Instant = .now) -> Int? {
        state.withLock { state in
            var buckets = state[rule.name, default: [:]]
            var bucket = buckets[client] ?? Bucket(tokens: rule.burst, at: now)
            let elapsedSeconds = (now - bucket.at).milliseconds / 1000
            bucket.tokens = min(rule.burst, bucket.tokens + max(0, elapsedSeconds) * rule.rate)
            bucket.at = now
            defer { state[rule.name] = buckets }
            guard bucket.tokens >= 1 else {
                buckets[client] = bucket
                return max(1, Int(((1 - bucket.tokens) / rule.rate).rounded(.up)))
            }
            bucket.tokens -= 1
            buckets[client] = bucket
            if buckets.count > capacity {
                buckets = buckets.filter { $0.value.tokens < rule.burst - 1 }
            }
            return nil
        }
    }
}
