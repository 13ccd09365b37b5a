import Foundation

/// One item for one subscriber's webhook, in the durable queue every node shares. Its body
/// is made when it is queued, so that every retry sends the same bytes under the same `key`
/// (the `Byline-Delivery` header), which receivers use to drop a copy they already have.
public struct Delivery: Hashable, Sendable {
    public let id: Int64
    public let subscriberID: SubscriberID
    public let articleID: ArticleID
    public let version: Int
    public let key: String
    public let contentType: String
    public let body: String
    public let createdAt: Date
    public let attempts: Int
    public let nextAttemptAt: Date
    public let deliveredAt: Date?
    /// When retrying stopped, a day after it was queued.
    public let failedAt: Date?
    public let lastError: String?

    public init(
        id: Int64, subscriberID: SubscriberID, articleID: ArticleID, version: Int, key: String, contentType: String, body: String,
        createdAt: Date, attempts: Int, nextAttemptAt: Date, deliveredAt: Date?, failedAt: Date?, lastError: String?
    ) {
        self.id = id
        self.subscriberID = subscriberID
        self.articleID = articleID
        self.version = version
        self.key = key
        self.contentType = contentType
        self.body = body
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.failedAt = failedAt
        self.lastError = lastError
    }
}

public struct DeliveryCounts: Hashable, Sendable {
    public var delivered = 0
    public var pending = 0
    public var failed = 0

    public init(delivered: Int = 0, pending: Int = 0, failed: Int = 0) {
        self.delivered = delivered
        self.pending = pending
        self.failed = failed
    }
}

/// A delivery to queue.
public struct NewDelivery: Hashable, Sendable {
    public let subscriberID: SubscriberID
    public let articleID: ArticleID
    public let version: Int
    public let key: String
    public let contentType: String
    public let body: String

    public init(subscriberID: SubscriberID, articleID: ArticleID, version: Int, key: String, contentType: String, body: String) {
        self.subscriberID = subscriberID
        self.articleID = articleID
        self.version = version
        self.key = key
        self.contentType = contentType
        self.body = body
    }
}

/// The delivery queue, kept by every backend beside products and subscribers.
public protocol DeliveryQueue: Sendable {
    /// The wire number up to which changes have been turned into deliveries.
    func fanOutCursor() async throws -> Int64
    /// Queues `deliveries` and moves the fan-out cursor from `expected` to `seq`, in one
    /// transaction; `false`, queuing nothing, when the cursor was not at `expected` (another
    /// node got there first).
    func enqueue(_ deliveries: [NewDelivery], fanOutFrom expected: Int64, to seq: Int64, at now: Date) async throws -> Bool
    /// Each subscriber's oldest delivery not yet made or given up, when it is due: a
    /// subscriber's items go in order, one at a time.
    func dueDeliveries(asOf now: Date) async throws -> [Delivery]
    /// One subscriber's oldest delivery not yet made or given up, when it is due.
    func dueDelivery(of subscriber: SubscriberID, asOf now: Date) async throws -> Delivery?
    func markDelivered(_ id: Int64, at now: Date) async throws
    /// A failed attempt: tried again at `retryAt`, or given up when it is `nil`.
    func markFailed(_ id: Int64, error: String, retryAt: Date?, at now: Date) async throws
    /// How many deliveries each subscriber has made, has waiting and has given up.
    func deliveryCounts() async throws -> [SubscriberID: DeliveryCounts]
    /// A subscriber's deliveries, the newest first.
    func deliveries(of subscriber: SubscriberID, limit: Int) async throws -> [Delivery]
    /// Queues again, under new keys, one delivery (`id`) or every one queued since `since`;
    /// returns how many.
    func resend(_ subscriber: SubscriberID, id: Int64?, since: Date?, at now: Date) async throws -> Int
}
