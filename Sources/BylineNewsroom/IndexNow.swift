import Foundation
import Logging
import ServiceLifecycle
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where and how to tell search engines about changed pages (IndexNow; Naver and Bing accept it).
public struct IndexNowConfiguration: Hashable, Sendable {
    public static let defaultEndpoints = ["https://api.indexnow.org/indexnow", "https://searchadvisor.naver.com/indexnow"]

    public let key: String
    public let endpoints: [URL]
    /// How often pending URLs are sent, at most.
    public let interval: Duration
    /// The first wait after a 429, a 5xx or no answer; it doubles each time, up to five minutes.
    public let firstRetry: Duration

    /// `nil` for a key IndexNow would refuse: 8 to 128 letters, digits and dashes.
    public init?(
        key: String, endpoints: [String] = Self.defaultEndpoints, interval: Duration = .seconds(3), firstRetry: Duration = .seconds(1)
    ) {
        guard (8...128).contains(key.utf8.count),
              key.utf8.allSatisfy({ byte in
                  (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 45
              })
        else { return nil }
        let urls = endpoints.compactMap { URL(string: $0.trimmingCharacters(in: .whitespaces)) }
            .filter { $0.scheme == "https" || $0.scheme == "http" }
        guard !urls.isEmpty, urls.count == endpoints.count else { return nil }
        self.key = key
        self.endpoints = urls
        self.interval = interval
        self.firstRetry = firstRetry
    }
}

/// Sends changed article URLs to IndexNow endpoints in the background: batched (at most
/// 10,000 URLs a request, at most every few seconds), retried with backoff on 429, 5xx
/// and network errors, given up on 4xx refusals. A newsroom action only adds URLs to a
/// bounded set; it never waits for a search engine and never fails because of one.
public final class IndexNowSubmitter: Service, Sendable {
    static let batchLimit = 10_000
    static let pendingLimit = 100_000

    struct Endpoint {
        var pending: [String] = []
        var queued: Set<String> = []
        var retryAt: ContinuousClock.Instant?
        var backoff: Duration
    }

    /// What the endpoints answered, for logs and tests (and metrics later).
    public struct Tally: Hashable, Sendable {
        public var accepted = 0
        public var refused = 0
        public var retried = 0
        public var dropped = 0
    }

    public let configuration: IndexNowConfiguration
    let publicURL: String
    let logger: Logger
    private let endpoints: Mutex<[URL: Endpoint]>
    private let tallied = Mutex(Tally())

    public init(configuration: IndexNowConfiguration, publicURL: String, logger: Logger) {
        self.configuration = configuration
        self.publicURL = publicURL
        self.logger = logger
        self.endpoints = Mutex(Dictionary(uniqueKeysWithValues: configuration.endpoints.map {
            ($0, Endpoint(backoff: configuration.firstRetry))
        }))
    }

    public var tally: Tally { tallied.withLock { $0 } }

    /// Queues URLs for every endpoint; returns at once.
    public func submit(_ urls: [String]) {
        let dropped = endpoints.withLock { endpoints -> Int in
            var dropped = 0
            for key in endpoints.keys {
                for url in urls where endpoints[key]?.queued.contains(url) == false {
                    guard (endpoints[key]?.pending.count ?? 0) < Self.pendingLimit else {
                        dropped += 1
                        continue
                    }
                    endpoints[key]?.pending.append(url)
                    endpoints[key]?.queued.insert(url)
                }
            }
            return dropped
        }
        if dropped > 0 { tallied.withLock { $0.dropped += dropped } }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.configuration.interval)
                await self.sendDue()
            }
        }
    }

    /// One round: every endpoint not waiting out a backoff gets its next batch.
    func sendDue() async {
        let now = ContinuousClock.now
        let batches = endpoints.withLock { endpoints -> [(URL, [String])] in
            endpoints.compactMap { url, endpoint in
                guard !endpoint.pending.isEmpty, endpoint.retryAt.map({ $0 <= now }) ?? true else { return nil }
                return (url, Array(endpoint.pending.prefix(Self.batchLimit)))
            }
        }
        await withTaskGroup(of: Void.self) { group in
            for (endpoint, urls) in batches {
                group.addTask { await self.send(urls, to: endpoint) }
            }
        }
    }

    /// The status an endpoint answers `request` with; 0 when it cannot be reached.
    ///
    /// Not URLSession's `async` `data(for:)`: on Linux, cancelling the task that awaits it
    /// while the answer arrives deadlocks (swift-corelibs-foundation's cancel handler waits
    /// for the session's queue while holding the task's lock, and the queue, resuming the
    /// task, waits for that lock). A graceful shutdown cancels this service, and a test
    /// process hung at exit that way. The completion-handler form knows nothing of task
    /// cancellation: a request in flight at shutdown finishes or times out (10 s).
    private static func status(of request: URLRequest) async -> Int {
        await withCheckedContinuation { continuation in
            URLSession.shared.dataTask(with: request) { _, response, _ in
                continuation.resume(returning: (response as? HTTPURLResponse)?.statusCode ?? 0)
            }.resume()
        }
    }

    private func send(_ urls: [String], to endpoint: URL) async {
        let body = Submission(
            host: URL(string: publicURL)?.host ?? publicURL, key: configuration.key,
            keyLocation: "\(publicURL)/\(configuration.key).txt", urlList: urls)
        var request = URLRequest(url: endpoint, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        request.httpBody = try? encoder.encode(body)
        let status = await Self.status(of: request)
        switch status {
        case 200, 202:
            finish(urls, at: endpoint)
            tallied.withLock { $0.accepted += urls.count }
            logger.info("IndexNow accepted URLs", metadata: ["endpoint": "\(endpoint)", "status": "\(status)", "urls": "\(urls.count)"])
        case 400..<500 where status != 429:
            // 400, 403 (key not found), 422 (URLs not of this host): sending again would not help.
            finish(urls, at: endpoint)
            tallied.withLock { $0.refused += urls.count }
            logger.warning("IndexNow refused URLs", metadata: ["endpoint": "\(endpoint)", "status": "\(status)", "urls": "\(urls.count)"])
        default:
            // 429, 5xx or no answer: wait longer each time, then send the same batch again.
            let wait = endpoints.withLock { endpoints -> Duration in
                let wait = endpoints[endpoint]?.backoff ?? configuration.firstRetry
                endpoints[endpoint]?.retryAt = ContinuousClock.now + wait
                endpoints[endpoint]?.backoff = min(wait * 2, .seconds(300))
                return wait
            }
            tallied.withLock { $0.retried += 1 }
            logger.warning("IndexNow will retry", metadata: [
                "endpoint": "\(endpoint)", "status": "\(status == 0 ? "no answer" : String(status))", "retry_in": "\(wait)",
            ])
        }
    }

    private func finish(_ urls: [String], at endpoint: URL) {
        endpoints.withLock { endpoints in
            guard var state = endpoints[endpoint] else { return }
            // The batch was the first `urls.count` pending URLs; later submissions stay queued.
            state.pending.removeFirst(min(urls.count, state.pending.count))
            state.queued.subtract(urls)
            state.retryAt = nil
            state.backoff = configuration.firstRetry
            endpoints[endpoint] = state
        }
    }

    /// Sends what is queued before a command exits: rounds as the interval allows, until
    /// nothing is pending or `limit` has passed (what is left is logged and dropped).
    public func flush(within limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            await sendDue()
            let left = endpoints.withLock { $0.values.reduce(0) { $0 + $1.pending.count } }
            guard left > 0 else { return }
            try? await Task.sleep(for: min(configuration.interval, deadline - ContinuousClock.now))
        }
        let left = endpoints.withLock { $0.values.reduce(0) { $0 + $1.pending.count } }
        if left > 0 { logger.warning("IndexNow URLs not sent before exit", metadata: ["urls": "\(left)"]) }
    }

    /// The body IndexNow's protocol defines.
    struct Submission: Encodable {
        let host: String
        let key: String
        let keyLocation: String
        let urlList: [String]
    }

    /// URLs waiting for an endpoint, for tests.
    func pending(for endpoint: URL) -> Int { endpoints.withLock { $0[endpoint]?.pending.count ?? 0 } }
}
