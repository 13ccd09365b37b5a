import BylineCache
import Foundation
import Prometheus
import Synchronization

/// The site's Prometheus metrics, in a registry of its own (not the process-wide
/// swift-metrics system, so that every site built in the tests counts for itself).
final class SiteMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// The handles of each route, method and status, so that a request costs one dictionary
    /// lookup instead of the registry's label matching.
    private struct RouteMetrics {
        let requests: Counter
        let latency: DurationHistogram
    }
    private let routes = Mutex<[String: RouteMetrics]>([:])
    private let cacheOutcomes = Mutex<[String: Counter]>([:])
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    /// A request answered: counted by route template, method and status, timed by route,
    /// and its page cache outcome (hit, miss, stale, staleOnError, shared) counted.
    func request(route: String, method: String, status: Int, duration: Duration, cache: String?) {
        let key = "\(method) \(status) \(route)"
        let handles = routes.withLock { routes in
            if let known = routes[key] { return known }
            let made = RouteMetrics(
                requests: registry.makeCounter(
                    name: "byline_http_requests_total", labels: [("route", route), ("method", method), ("status", String(status))]),
                latency: registry.makeDurationHistogram(
                    name: "byline_http_request_duration_seconds", labels: [("route", route)], buckets: Self.latencyBuckets))
            routes[key] = made
            return made
        }
        handles.requests.increment()
        handles.latency.record(duration)
        if let cache {
            let counter = cacheOutcomes.withLock { counters in
                if let known = counters[cache] { return known }
                let tier = cache == "shared" ? "redis" : "process"
                let made = registry.makeCounter(name: "byline_page_cache_lookups_total", labels: [("tier", tier), ("outcome", cache)])
                counters[cache] = made
                return made
            }
            counter.increment()
        }
    }

    /// A step of the newsroom's workflow (publish, correct, unpublish, ...).
    func workflow(_ action: String) {
        registry.makeCounter(name: "byline_workflow_actions_total", labels: [("action", action)]).increment()
    }

    /// Values read at scrape time from the parts that keep them.
    func sample(
        pageCache: PageCache?, breaker: String?, pendingViews: (database: Int, shared: Int), indexNow: IndexNowSubmitter.Tally?
    ) {
        if let pageCache {
            registry.makeGauge(name: "byline_page_cache_bytes").set(to: Double(pageCache.sizeInBytes))
            registry.makeGauge(name: "byline_page_cache_entries").set(to: Double(pageCache.count))
        }
        if let breaker {
            for state in ["closed", "halfOpen", "open"] {
                registry.makeGauge(name: "byline_redis_breaker_state", labels: [("state", state)]).set(to: Double(state == breaker ? 1 : 0))
            }
        }
        registry.makeGauge(name: "byline_view_counts_pending", labels: [("destination", "database")]).set(to: Double(pendingViews.database))
        registry.makeGauge(name: "byline_view_counts_pending", labels: [("destination", "redis")]).set(to: Double(pendingViews.shared))
        if let indexNow {
            for (result, count) in [("accepted", indexNow.accepted), ("refused", indexNow.refused), ("dropped", indexNow.dropped)] {
                registry.makeGauge(name: "byline_indexnow_urls", labels: [("result", result)]).set(to: Double(count))
            }
            registry.makeGauge(name: "byline_indexnow_retries").set(to: Double(indexNow.retried))
        }
    }

    func text() -> String { registry.emitToString() }
}
