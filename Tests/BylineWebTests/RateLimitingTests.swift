import BylineCache
import BylineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

@Suite("Rate limits")
struct RateLimitingTests {
    @Test("a bucket spends its burst, then says how long to wait, and refills at its rate")
    func buckets() {
        let buckets = TokenBuckets()
        let rule = RateLimiting.Rule(name: "test", rate: 2, burst: 3) { _, _ in true }
        let start = ContinuousClock.now
        #expect((0..<3).map { _ in buckets.take(rule: rule, client: "a", now: start) } == [nil, nil, nil])
        #expect(buckets.take(rule: rule, client: "a", now: start) == 1)
        #expect(buckets.take(rule: rule, client: "b", now: start) == nil, "each client has its own bucket")
        #expect(buckets.take(rule: rule, client: "a", now: start + .milliseconds(600)) == nil, "refilled at two a second")
        #expect(buckets.take(rule: rule, client: "a", now: start + .milliseconds(600)) == 1)
    }

    @Test("a client searching too fast gets 429 with Retry-After; other pages are not limited")
    func search() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        try await fixture.application().test(.live) { client in
            var statuses: [HTTPResponse.Status] = []
            var retryAfter: String?
            // The burst as real searches, then searches of symbols only, which the page answers
            // without reading the index: fast enough to outrun the refill on a busy machine.
            for number in 0..<200 where retryAfter == nil {
                let words = number < 20 ? percentEncode("수영장") : "%25%25"
                let response = try await client.execute(uri: "/search?q=\(words)&n=\(number)", method: .get)
                statuses.append(response.status)
                if response.status == .tooManyRequests { retryAfter = response.headers[.retryAfter] }
            }
            #expect(statuses.prefix(20).allSatisfy { $0 == .ok }, "the burst is allowed")
            #expect(statuses.contains(.tooManyRequests))
            #expect(Int(retryAfter ?? "") ?? 0 >= 1)
            for _ in 0..<40 {
                #expect(try await client.execute(uri: "/latest", method: .get).status == .ok)
            }
        }
    }

    /// What another node reports through the shared tier: a total already past the limit,
    /// or nothing at all (Redis away).
    struct ReportedCount: SharedRateLimiter {
        let total: Int?
        func count(rule: String, client: String, window: Int) async -> (count: Int, secondsLeft: Int)? {
            total.map { ($0, 7) }
        }
    }

    @Test("a client over the total counted across nodes gets 429 on a node it has not used; without a count, the node's own limit applies")
    func sharedCount() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        for (total, expected) in [(71, HTTPResponse.Status.tooManyRequests), (70, .ok)] as [(Int?, HTTPResponse.Status)] + [(nil, .ok)] {
            let app = try await buildApplication(
                configuration: WebConfiguration(host: "127.0.0.1", port: 0, mediaDirectory: fixture.directory.appendingPathComponent("media")),
                store: fixture.store, newsroom: fixture.accounts, clock: .fixed(WebFixture.now),
                shared: SharedTier(rateLimits: ReportedCount(total: total)))
            try await app.test(.live) { client in
                let response = try await client.execute(uri: "/search?q=\(percentEncode("수영장"))", method: .get)
                #expect(response.status == expected, "a shared count of \(String(describing: total))")
                if expected == .tooManyRequests { #expect(response.headers[.retryAfter] == "7") }
                #expect(try await client.execute(uri: "/latest", method: .get).status == .ok, "other pages are not limited")
            }
        }
    }
}
