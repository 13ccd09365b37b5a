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
        let matches: @Sendable (_ method: HTTPRequest.Method, _ path: Substring) -> Bool
    }

    static let rules = [
        Rule(name: "search", rate: 5, burst: 20) { $1 == "/search" || $1 == "/api/v1/search" },
        Rule(name: "signin", rate: 0.2, burst: 10) { $0 == .post && $1 == "/admin/login" },
        Rule(name: "admin-api", rate: 20, burst: 60) { $1.hasPrefix("/api/v1/admin/") || $1 == "/api/v1/admin" },
    ]

    /// Whether a request to `path` (without its query) is limited. Every rule's path begins
    /// `/search`, `/api/` or `/admin/`; anything else (every cache hit's page) is told by
    /// its second byte alone, before any rule is asked.
    static func limits(_ method: HTTPRequest.Method, _ path: Substring) -> Bool {
        let second = path.utf8.dropFirst().first
        guard second == UInt8(ascii: "s") || second == UInt8(ascii: "a") else { return false }
        return rules.contains { $0.matches(method, path) }
    }

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
           let rule = Self.rules.first(where: { $0.matches(request.method, request.uri.path[...]) }),
           let wait = buckets.take(rule: rule, client: context.clientAddress) {
            throw BylineError.tooManyAttempts(retryAfter: wait)
        }
        if let shared, context.clientAddress != BylineRequestContext.unknownAddress,
           let rule = Self.rules.first(where: { $0.matches(request.method, request.uri.path[...]) }),
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
