import BylineCache
import BylineCore
import BylineNewsroom
import Foundation
import Prometheus
import Synchronization

/// The site's Prometheus metrics, in a registry of its own (not the process-wide
/// swift-metrics system, so that every site built in the tests counts for itself).
final class SiteMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    static var httpRequestsTotal: MetricNameDescriptor {
        descriptor("http_requests", "total", "Requests answered, by route template, method and status.")
    }
    static var httpRequestDurationSeconds: MetricNameDescriptor {
        descriptor("http_request_duration", "seconds", "Time to answer, by route template.")
    }
    static var pageCacheLookupsTotal: MetricNameDescriptor {
        descriptor(
            "page_cache_lookups", "total",
            "Cacheable requests by kind of page and outcome: hit, stale (served at once while it refreshes), "
                + "miss (waited for a render), shared (from Redis), staleOnError (the render failed).")
    }
    static var pageCacheInvalidationsTotal: MetricNameDescriptor {
        descriptor(
            "page_cache_invalidations", "total",
            "Cached copies invalidated, by kind of page and action: stale (marked, still served) or purge (dropped).")
    }
    static var pageCacheEarlyHitsTotal: MetricNameDescriptor {
        descriptor(
            "page_cache_early_hits", "total",
            "Hits answered on the connection's event loop before routing and middleware (counted among the hits too).")
    }
    static var workflowActionsTotal: MetricNameDescriptor {
        descriptor("workflow_actions", "total", "Newsroom workflow steps taken, by action.")
    }
    static var pageCacheBytes: MetricNameDescriptor {
        descriptor("page_cache", "bytes", "Bytes held by the in-process page cache.")
    }
    static var pageCacheEntries: MetricNameDescriptor {
        descriptor("page_cache", "entries", "Pages held by the in-process page cache.")
    }
    static var redisBreakerState: MetricNameDescriptor {
        descriptor("redis_breaker", "state", "1 for the Redis circuit breaker's current state.")
    }
    static var viewCountsPending: MetricNameDescriptor {
        descriptor("view_counts", "pending", "Hour and article pairs of views not yet written, by destination.")
    }
    static var indexnowUrls: MetricNameDescriptor {
        descriptor("indexnow", "urls", "URLs IndexNow endpoints accepted or refused, or dropped from a full queue.")
    }
    static var databaseCallsInFlight: MetricNameDescriptor {
        descriptor("database_calls", "in_flight", "Store calls running now, each holding or waiting for a database connection.")
    }
    static var databasePoolConnections: MetricNameDescriptor {
        descriptor("database_pool", "connections", "Database connections the store may have open at once.")
    }
    static var databaseTimeoutsTotal: MetricNameDescriptor {
        descriptor("database_timeouts", "total", "Store calls that gave up waiting for the database.")
    }
    static var indexnowRetries: MetricNameDescriptor {
        descriptor("indexnow", "retries", "IndexNow sends retried after 429, 5xx or no answer.")
    }

    init() {
        earlyHits = registry.makeCounter(descriptor: Self.pageCacheEarlyHitsTotal)
    }

    /// `byline_<metric>_<unit>`, with the help text Prometheus shows.
    private static func descriptor(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "byline", metricName: metric, unitName: unit, helpText: help)
    }

    /// The handles of each route, method and status, so that a request costs one dictionary
    /// lookup instead of the registry's label matching.
    private struct RouteMetrics {
        let requests: Counter
        let latency: DurationHistogram
    }
    /// The labels of a request's metrics, hashed as they are: a key made by interpolating
    /// them into one string cost more than the lookup.
    private struct RouteKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }
    private let routes = Mutex<[RouteKey: RouteMetrics]>([:])
    private let earlyHits: Counter
    /// The totals counters sampled at scrape time had reached at the last scrape.
    private let reported = Mutex<[String: Int]>([:])
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    /// A request answered: counted by route template, method and status, and timed by route.
    func request(route: String, method: String, status: Int, duration: Duration) {
        let key = RouteKey(route: route, method: method, status: status)
        let handles = routes.withLock { routes in
            if let known = routes[key] { return known }
            let made = RouteMetrics(
                requests: registry.makeCounter(
                    descriptor: Self.httpRequestsTotal, labels: [("route", route), ("method", method), ("status", String(status))]),
                latency: registry.makeDurationHistogram(
                    descriptor: Self.httpRequestDurationSeconds, labels: [("route", route)], buckets: Self.latencyBuckets))
            routes[key] = made
            return made
        }
        handles.requests.increment()
        handles.latency.record(duration)
    }

    /// A step of the newsroom's workflow (publish, correct, unpublish, ...).
    func workflow(_ action: String) {
        registry.makeCounter(descriptor: Self.workflowActionsTotal, labels: [("action", action)]).increment()
    }

    /// Values read at scrape time from the parts that keep them.
    func sample(
        pageCache: PageCache?, breaker: String?, pendingViews: (database: Int, shared: Int), indexNow: IndexNowSubmitter.Tally?,
        database: DatabaseUsage? = nil
    ) {
        if let database {
            registry.makeGauge(descriptor: Self.databaseCallsInFlight).set(to: Double(database.inFlight))
            registry.makeGauge(descriptor: Self.databasePoolConnections).set(to: Double(database.capacity))
            advance(Self.databaseTimeoutsTotal, labels: [], to: database.timeouts)
        }
        if let pageCache {
            registry.makeGauge(descriptor: Self.pageCacheBytes).set(to: Double(pageCache.sizeInBytes))
            registry.makeGauge(descriptor: Self.pageCacheEntries).set(to: Double(pageCache.count))
            for (kind, tally) in pageCache.tallies {
                let lookups = [
                    ("hit", tally.hit), ("stale", tally.stale), ("miss", tally.miss), ("shared", tally.shared),
                    ("staleOnError", tally.staleOnError),
                ]
                for (outcome, total) in lookups {
                    advance(Self.pageCacheLookupsTotal, labels: [("kind", kind), ("outcome", outcome)], to: total)
                }
                for (action, total) in [("stale", tally.markedStale), ("purge", tally.purged)] {
                    advance(Self.pageCacheInvalidationsTotal, labels: [("kind", kind), ("action", action)], to: total)
                }
            }
        }
        if let breaker {
            for state in ["closed", "halfOpen", "open"] {
                registry.makeGauge(descriptor: Self.redisBreakerState, labels: [("state", state)]).set(to: Double(state == breaker ? 1 : 0))
            }
        }
        registry.makeGauge(descriptor: Self.viewCountsPending, labels: [("destination", "database")]).set(to: Double(pendingViews.database))
        registry.makeGauge(descriptor: Self.viewCountsPending, labels: [("destination", "redis")]).set(to: Double(pendingViews.shared))
        if let indexNow {
            for (result, count) in [("accepted", indexNow.accepted), ("refused", indexNow.refused), ("dropped", indexNow.dropped)] {
                registry.makeGauge(descriptor: Self.indexnowUrls, labels: [("result", result)]).set(to: Double(count))
            }
            registry.makeGauge(descriptor: Self.indexnowRetries).set(to: Double(indexNow.retried))
        }
    }

    /// Brings a counter kept elsewhere as a running total up to `total`: a Prometheus counter
    /// only goes up, so it is given what happened since the last scrape.
    private func advance(_ descriptor: MetricNameDescriptor, labels: [(String, String)], to total: Int) {
        let counter = registry.makeCounter(descriptor: descriptor, labels: labels)
        let name = ([descriptor.metricName] + labels.map { "\($0.0)=\($0.1)" }).joined(separator: ",")
        let added = reported.withLock { reported in
            defer { reported[name] = max(reported[name] ?? 0, total) }
            return max(0, total - (reported[name] ?? 0))
        }
        if added > 0 { counter.increment(by: Int64(added)) }
    }

    func text() -> String { registry.emitToString() }

    /// A hit answered by `CacheHitHandler`.
    func earlyHit() { earlyHits.increment() }
}
