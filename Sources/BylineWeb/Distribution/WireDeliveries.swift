import BylineAccounts
import BylineCore
import BylineNewsroom
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import ServiceLifecycle
import Synchronization

/// How webhook deliveries are tried: each within `timeout`, again after `firstRetry`,
/// doubling up to `longestRetry`, and given up a day after the item was queued.
public struct DeliveryPolicy: Sendable {
    public var tick: Duration = .seconds(1)
    /// How many changes one fan-out reads.
    public var batch = 200
    public var timeout: TimeInterval = 10
    public var firstRetry: TimeInterval = 30
    public var longestRetry: TimeInterval = 3600
    public var giveUpAfter: TimeInterval = 86_400

    public init() {}

    /// When to try again after `attempts` failures, or `nil` to give up.
    func retry(after attempts: Int, queuedAt: Date, now: Date) -> Date? {
        let delay = min(firstRetry * pow(2, Double(max(0, attempts - 1))), longestRetry)
        let next = now.addingTimeInterval(delay)
        return next.timeIntervalSince(queuedAt) > giveUpAfter ? nil : next
    }
}

/// Push: turns every change on the wire into one delivery per subscriber with a webhook
/// whose products cover it (in the durable queue, so restarts and other nodes lose nothing),
/// and POSTs them, signed, in order per subscriber.
///
/// Each subscriber's deliveries run in a task of their own: a slow or dead receiver holds up
/// only itself, and publishing never waits for any. With several nodes, only the node
/// holding `leadership` delivers; turning changes into deliveries moves a cursor in the same
/// transaction, so a change is queued once even if two nodes try.
final class WireDeliveries: Service, Sendable {
    let site: SiteContext
    let backend: any NewsroomBackend
    let leadership: (any JobLeadership)?
    let policy: DeliveryPolicy
    let logger: Logger
    private let inFlight = Mutex<Set<SubscriberID>>([])
    /// A session of its own, timed out by the policy: on Linux a request's own
    /// `timeoutInterval` did not stop a receiver that accepted and never answered.
    private let session: URLSession

    init(site: SiteContext, backend: any NewsroomBackend, leadership: (any JobLeadership)?, policy: DeliveryPolicy, logger: Logger) {
        self.site = site
        self.backend = backend
        self.leadership = leadership
        self.policy = policy
        self.logger = logger
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = policy.timeout
        configuration.timeoutIntervalForResource = policy.timeout
        session = URLSession(configuration: configuration)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    if await self.leadership?.lead() ?? true {
                        do {
                            try await self.fanOut()
                            for delivery in try await self.backend.dueDeliveries(asOf: self.site.clock.now)
                            where self.inFlight.withLock({ $0.insert(delivery.subscriberID).inserted }) {
                                group.addTask {
                                    await self.drain(from: delivery)
                                    self.inFlight.withLock { _ = $0.remove(delivery.subscriberID) }
                                }
                            }
                        } catch is CancellationError {
                            break
                        } catch {
                            // The database may be away; the next tick tries again.
                            self.logger.warning("wire deliveries could not run; retrying", metadata: ["error": "\(error)"])
                        }
                    }
                    try? await Task.sleep(for: self.policy.tick)
                }
            }
        }
    }

    /// Queues the changes after the fan-out cursor, a batch at a time.
    func fanOut() async throws {
        let from = try await backend.fanOutCursor()
        let changes = try await backend.wireChanges(after: from, limit: policy.batch)
        guard let last = changes.last else { return }
        let now = site.clock.now
        // The newest change is read before the subscribers: when there are none, the cursor
        // moves over changes made before they were read, none a later subscriber is due.
        let newest = changes.count < policy.batch ? last.seq : try await backend.wireChanges(after: nil, limit: 1).first?.seq ?? last.seq
        let subscribers = try await backend.subscribers().filter { $0.revokedAt == nil && $0.webhookURL != nil }
        // With nobody to deliver to, the cursor moves to the newest change at once: an
        // imported archive is not read 200 changes a second, on every node, for minutes.
        if subscribers.isEmpty {
            _ = try await backend.enqueue([], fanOutFrom: from, to: newest, at: now)
            return
        }
        var deliveries: [NewDelivery] = []
        let products = try await backend.products()
        let tree = await site.sections.current()
        let articles = Dictionary(
            try await backend.wireArticles(changes.map(\.articleID)).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for change in changes {
            guard let article = articles[change.articleID] else { continue }
            // Subscribers receiving the same stamp in the same format receive the same bytes.
            var rendered: [String: (String, String)] = [:]
            for subscriber in subscribers {
                guard let stamp = WireStamp(change, for: subscriber, at: now),
                      products.contains(where: { subscriber.products.contains($0.id) && $0.filter.matches(article, tree: tree) })
                else { continue }
                let newsML = subscriber.format == .newsml
                let memo = "\(stamp.status)|\(stamp.embargoed?.timeIntervalSince1970 ?? 0)|\(newsML)"
                let page: (String, String)
                if let known = rendered[memo] {
                    page = known
                } else {
                    page = try await WireItem.make(article, stamp: stamp, newsML: newsML, site: site, tree: tree).delivery()
                    rendered[memo] = page
                }
                let (contentType, body) = page
                deliveries.append(NewDelivery(
                    subscriberID: subscriber.id, articleID: article.id, version: stamp.version,
                    key: UUID().uuidString.lowercased(), contentType: contentType, body: body))
            }
        }
        if try await backend.enqueue(deliveries, fanOutFrom: from, to: last.seq, at: now), !deliveries.isEmpty {
            logger.info("queued wire deliveries", metadata: ["deliveries": "\(deliveries.count)", "through": "\(last.seq)"])
        }
    }

    /// Delivers one subscriber's due items in order, one after another, until none is due
    /// or one fails (it waits for its retry, and everything after it waits behind it).
    func drain(from first: Delivery) async {
        var next: Delivery? = first
        while let delivery = next, !Task.isCancelled {
            guard await deliver(delivery) else { return }
            next = try? await backend.dueDelivery(of: delivery.subscriberID, asOf: site.clock.now)
        }
    }

    /// One attempt at one delivery, recorded either way; whether it was delivered.
    @discardableResult
    func deliver(_ delivery: Delivery) async -> Bool {
        do {
            guard let subscriber = try await backend.subscriber(delivery.subscriberID), subscriber.revokedAt == nil,
                  let url = subscriber.webhookURL.flatMap(URL.init(string:)),
                  let secret = try await backend.subscriberSecret(subscriber.id)
            else {
                try await backend.markFailed(delivery.id, error: "구독이 해지되었거나 웹훅 주소가 없습니다.", retryAt: nil, at: site.clock.now)
                return false
            }
            let body = Data(delivery.body.utf8)
            var request = URLRequest(url: url, timeoutInterval: policy.timeout)
            request.httpMethod = "POST"
            request.httpBody = body
            request.setValue(delivery.contentType, forHTTPHeaderField: "Content-Type")
            request.setValue(delivery.key, forHTTPHeaderField: "Byline-Delivery")
            request.setValue(
                Credentials.webhookSignature(secret: secret, timestamp: Int(Date().timeIntervalSince1970), body: body),
                forHTTPHeaderField: "Byline-Signature")
            request.setValue("Byline", forHTTPHeaderField: "User-Agent")
            let outcome = await post(request)
            let now = site.clock.now
            if let status = outcome.status, (200..<300).contains(status) {
                try await backend.markDelivered(delivery.id, at: now)
                return true
            }
            let error = outcome.status.map { "HTTP \($0)" } ?? "연결 실패: \(outcome.error ?? "응답 없음")"
            let retry = policy.retry(after: delivery.attempts + 1, queuedAt: delivery.createdAt, now: now)
            try await backend.markFailed(delivery.id, error: error, retryAt: retry, at: now)
            logger.info("wire delivery failed", metadata: [
                "subscriber": "\(subscriber.id)", "delivery": "\(delivery.key)", "error": "\(error)", "retry": "\(retry != nil)",
            ])
            return false
        } catch {
            logger.warning("wire delivery could not be recorded", metadata: ["delivery": "\(delivery.key)", "error": "\(error)"])
            return false
        }
    }

    /// The receiver's status, or why there was none. The completion-handler form, as in
    /// `IndexNowSubmitter`: the async one deadlocks on Linux when cancelled at shutdown.
    private func post(_ request: URLRequest) async -> (status: Int?, error: String?) {
        await withCheckedContinuation { continuation in
            session.dataTask(with: request) { _, response, error in
                let status = (response as? HTTPURLResponse)?.statusCode
                continuation.resume(returning: (status, error.map(Self.reason)))
            }.resume()
        }
    }

    /// Why a receiver could not be reached, for the newsroom's queue.
    private static func reason(_ error: any Error) -> String {
        switch (error as? URLError)?.code {
        case .timedOut?: "응답 시간 초과"
        case .cannotConnectToHost?: "연결 거부"
        case .cannotFindHost?, .dnsLookupFailed?: "주소를 찾을 수 없음"
        default: error.localizedDescription
        }
    }
}
